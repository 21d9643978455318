using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training;

/// <summary>
/// Evaluates saved weights on the MNIST test set (the first <c>testLimit</c> images, as the job did), in eval mode,
/// in batches of 1,000 as the trainer's own test pass, so the accuracy equals the job's.
/// </summary>
public static class ModelEvaluator
{
    public const int Classes = 10;

    /// <summary>Loads <paramref name="weightsPath"/> into the network of <paramref name="layers"/> and evaluates it.</summary>
    public static ModelEvaluation Evaluate(IReadOnlyList<NetworkLayer> layers, string weightsPath, MnistDataset data, int? testLimit,
        string device, int wrongCount, CancellationToken cancellationToken = default)
    {
        int count = Math.Min(testLimit ?? data.TestCount, data.TestCount);
        using var model = ModelFiles.Load(layers, weightsPath, device);
        var probabilities = Probabilities(model, data.TestImages, count, new Device(device), cancellationToken);
        using var labelTensor = data.TestLabels.narrow(0, 0, count).cpu();
        var labels = labelTensor.to_type(ScalarType.Int64).data<long>().Select(l => (int)l).ToArray();
        return Summarize(probabilities, labels, wrongCount, index => Pixels(data.TestImages, index));
    }

    /// <summary>The numbers from probabilities [count·10] and labels: pure, so tests can give their own.</summary>
    internal static ModelEvaluation Summarize(float[] probabilities, int[] labels, int wrongCount, Func<int, float[]> pixels)
    {
        int count = labels.Length;
        var matrix = Enumerable.Range(0, Classes).Select(_ => new int[Classes]).ToArray();
        var wrong = new List<(int Index, int Predicted, float Confidence)>();
        for (int i = 0; i < count; i++)
        {
            var row = probabilities.AsSpan(i * Classes, Classes);
            int predicted = 0;
            for (int c = 1; c < Classes; c++) if (row[c] > row[predicted]) predicted = c;
            matrix[labels[i]][predicted]++;
            if (predicted != labels[i]) wrong.Add((i, predicted, row[predicted]));
        }
        var classes = Enumerable.Range(0, Classes).Select(c =>
        {
            int support = matrix[c].Sum(), predictedAs = matrix.Sum(r => r[c]), hits = matrix[c][c];
            return new ClassMetrics(c, support, predictedAs, predictedAs == 0 ? null : (double)hits / predictedAs,
                support == 0 ? null : (double)hits / support);
        }).ToList();
        var worst = wrong.OrderByDescending(w => w.Confidence).ThenBy(w => w.Index).Take(wrongCount)
            .Select(w => new WrongDigit(w.Index, labels[w.Index], w.Predicted, w.Confidence,
                probabilities.AsSpan(w.Index * Classes, Classes).ToArray(), pixels(w.Index)))
            .ToList();
        int correct = Enumerable.Range(0, Classes).Sum(c => matrix[c][c]);
        return new ModelEvaluation(count, count == 0 ? double.NaN : (double)correct / count, matrix, classes, worst);
    }

    private static float[] Probabilities(nn.Module<Tensor, Tensor> model, Tensor images, int count, Device device, CancellationToken ct)
    {
        model.eval();
        using var noGrad = no_grad();
        var result = new float[count * Classes];
        for (int start = 0; start < count; start += 1000)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            int length = Math.Min(1000, count - start);
            var logits = model.forward(images.narrow(0, start, length).to(device));
            logits.softmax(1).cpu().data<float>().CopyTo(result, start * Classes);
        }
        return result;
    }

    /// <summary>A test image's pixels back in [0, 1] (the data set holds them normalised).</summary>
    private static float[] Pixels(Tensor images, int index)
    {
        using var scope = NewDisposeScope();
        var normalised = images[index].cpu().data<float>().ToArray();
        return normalised.Select(v => Math.Clamp(v * MnistNormalization.Std + MnistNormalization.Mean, 0f, 1f)).ToArray();
    }
}
