using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Inference;

/// <summary>
/// A trained MNIST network ready to predict: eval mode, no gradients, softmax on its output.
/// Input: 28×28 images, row-major, pixels in [0, 1] with the digit bright on a dark background (MNIST's
/// convention; the host's image preprocessing produces this). The same <see cref="MnistNormalization"/>
/// as in training is applied here. The network takes them as NCHW [N, 1, 28, 28] whether it is channels_last
/// ([28, 28, 1]) or channels_first ([1, 28, 28]) (<see cref="KerasNetwork"/>). Thread-safe: calls are serialised by a lock (libtorch already uses
/// every intra-op thread for one batch), so a batcher in front gives the throughput.
/// </summary>
public sealed class Predictor : IDisposable
{
    public const int Pixels = 28 * 28;
    public const int Classes = 10;

    private readonly KerasNetwork _model;
    private readonly Device _device;
    private readonly Lock _lock = new();

    private Predictor(KerasNetwork model, Device device)
    {
        _model = model;
        _device = device;
        _model.eval();
    }

    /// <summary>
    /// Rebuilds the network from <paramref name="layers"/> and loads the weights file, without drawing from torch's
    /// random generator (a training job on another thread stays reproducible).
    /// </summary>
    public static Predictor Load(IReadOnlyList<NetworkLayer> layers, string weightsPath, string device = "cpu")
    {
        const string Wrong = "the network must take [28, 28, 1] (or channels_first [1, 28, 28]) images and output 10 values";
        if (layers.Count == 0 || !layers[0].InputShape.SequenceEqual(NetworkBuilder.ChannelsFirst(layers) ? [1L, 28, 28] : [28L, 28, 1])
            || layers[^1].OutputShape is { } output && !output.SequenceEqual([(long)Classes]))
            throw new ArgumentException(Wrong, nameof(layers));
        var predictor = new Predictor(ModelFiles.Load(layers, weightsPath, device), new Device(device));
        // Without the summary's output shape, the loaded network answers for itself.
        if (layers[^1].OutputShape is null && predictor.Predict(new float[Pixels]).Length != Classes)
        {
            predictor.Dispose();
            throw new ArgumentException(Wrong, nameof(layers));
        }
        return predictor;
    }

    /// <summary>Probabilities (10 per image, summing to 1) for each image of 784 pixels.</summary>
    public float[][] Predict(IReadOnlyList<float[]> images)
    {
        var batch = new float[images.Count * Pixels];
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i].Length != Pixels)
                throw new ArgumentException($"image {i} has {images[i].Length} pixels, not {Pixels}", nameof(images));
            images[i].CopyTo(batch, i * Pixels);
        }
        var flat = Predict(batch);
        return Enumerable.Range(0, images.Count).Select(i => flat.AsSpan(i * Classes, Classes).ToArray()).ToArray();
    }

    /// <summary>Probabilities for N images given as one array of N × 784 pixels: N × 10 values, image by image.</summary>
    public float[] Predict(float[] pixels)
    {
        if (pixels.Length == 0 || pixels.Length % Pixels != 0)
            throw new ArgumentException($"{pixels.Length} pixels is not a positive multiple of {Pixels}", nameof(pixels));
        lock (_lock)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = MnistNormalization.FromUnitPixels(tensor(pixels, [pixels.Length / Pixels, Pixels])).to(_device);
            var probabilities = F.softmax(_model.forward(x), 1).cpu();
            return probabilities.data<float>().ToArray();
        }
    }

    public void Dispose() => _model.Dispose();
}
