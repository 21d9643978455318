using CnnApi.Architectures.Spec;
using CnnApi.Torch.Export.Onnx;
using CnnApi.Torch.Inference;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// The checks every ONNX export test makes: ONNX Runtime's probabilities equal the <see cref="Predictor"/>'s on the
/// first 200 MNIST test digits within 1e-4, and ONNX's own full checker (Debian's python3-onnx) accepts the file.
/// </summary>
internal static class OnnxAgreement
{
    public const int Digits = 200;
    public const double Tolerance = 1e-4;

    private static readonly Lazy<float[]> TestPixels = new(() =>
    {
        var (pixels, _, _, _) = IdxFile.ReadImages(Path.Combine(MnistTestData.Root, MnistFiles.TestImages.Name));
        return pixels.AsSpan(0, Digits * Predictor.Pixels).ToArray().Select(p => p / 255f).ToArray();
    });

    /// <summary>The first 200 test digits, 784 pixels each in [0, 1], one array.</summary>
    public static float[] Pixels => TestPixels.Value;

    /// <summary>
    /// Builds <paramref name="architecture"/> with random weights and random normalisation statistics (so that no
    /// parameter keeps a neutral default), saves and reloads it as the API does, exports it and checks both ways.
    /// </summary>
    public static byte[] AssertRandomNetworkAgrees(Architecture architecture, int seed)
    {
        var layers = NetworkLayers.From(architecture);
        var path = Path.Combine(Path.GetTempPath(), $"onnx-{Guid.NewGuid():N}.bin");
        try
        {
            torch.manual_seed(seed);
            using (var built = NetworkBuilder.Build(layers))
            {
                Randomise(built);
                ModelFiles.Save(built, path);
            }
            return AssertAgrees(layers, path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Exports the weights at <paramref name="weightsPath"/>, compares ONNX Runtime with the Predictor and runs the checker.</summary>
    public static byte[] AssertAgrees(IReadOnlyList<NetworkLayer> layers, string weightsPath)
    {
        byte[] onnx;
        using (var network = ModelFiles.Load(layers, weightsPath))
            onnx = OnnxExport.ToBytes(network, layers);
        using var predictor = Predictor.Load(layers, weightsPath);
        var expected = predictor.Predict(Pixels);
        var actual = Run(onnx, Pixels);
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Select((e, i) => Math.Abs(e - actual[i])).Max();
        Assert.True(worst <= Tolerance, $"ONNX Runtime differs from CnnApi by up to {worst:g3} (tolerance {Tolerance})");
        OnnxChecker.AssertValid(onnx);
        return onnx;
    }

    /// <summary>ONNX Runtime's probabilities for N images of 784 pixels (input <c>image</c> [N, 28, 28, 1]).</summary>
    public static float[] Run(byte[] onnx, float[] pixels)
    {
        using var session = new InferenceSession(onnx);
        return Run(session, pixels);
    }

    public static float[] Run(InferenceSession session, float[] pixels)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [pixels.Length / Predictor.Pixels, 28, 28, 1]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [OnnxExport.InputName], [input], [OnnxExport.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Every parameter and buffer drawn at random: BatchNorm variances and scales in [0.5, 1.5], the rest in [−0.3, 0.3] plus what they had.</summary>
    private static void Randomise(nn.Module network)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in network.state_dict())
        {
            if (name.EndsWith("running_var") || name.EndsWith("gamma") || IsBatchNormScale(network, name))
                tensor.copy_(rand_like(tensor) + 0.5);
            else
                tensor.add_(rand_like(tensor) * 0.6 - 0.3);
        }
    }

    private static bool IsBatchNormScale(nn.Module network, string name) =>
        name.EndsWith(".weight") && network.state_dict().ContainsKey(name[..^".weight".Length] + ".running_var");
}
