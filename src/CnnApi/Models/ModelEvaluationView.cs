using CnnApi.Predictions.Images;
using CnnApi.Torch.Training;

namespace CnnApi.Models;

/// <summary>
/// Where a model fails on the MNIST test set (the images its job was tested on: the first <c>testLimit</c>, or all 10,000).
/// </summary>
/// <param name="ModelId">The model.</param>
/// <param name="TestCount">Test images evaluated; the confusion matrix sums to it.</param>
/// <param name="Accuracy">Correct predictions / <paramref name="TestCount"/>: the model's <c>testAccuracy</c>.</param>
/// <param name="Source"><c>training</c> (computed when the job finished) or <c>on-demand</c> (a model trained before evaluations existed, computed at its first request).</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
/// <param name="ConfusionMatrix">10 rows (the true digit) of 10 counts (the predicted digit).</param>
/// <param name="Classes">Per digit: support (test images of it), predictions of it, precision and recall.</param>
/// <param name="MostConfidentlyWrong">The wrong predictions with the highest confidence, most confident first (at most 20).</param>
public sealed record ModelEvaluationView(Guid ModelId, int TestCount, double Accuracy, string Source, DateTime ComputedAt,
    int[][] ConfusionMatrix, IReadOnlyList<ClassEvaluation> Classes, IReadOnlyList<WrongPrediction> MostConfidentlyWrong)
{
    public const int WrongDigits = 20;

    public static ModelEvaluationView From(Guid modelId, ModelEvaluation e, string source, DateTime computedAt) => new(
        modelId, e.TestCount, e.Accuracy, source, computedAt, e.ConfusionMatrix,
        e.Classes.Select(c => new ClassEvaluation(c.Digit, c.Support, c.Predicted, c.Precision, c.Recall)).ToList(),
        e.MostConfidentlyWrong.Select(w => new WrongPrediction(w.Index, w.Label, w.Predicted, w.Confidence, w.Probabilities,
            new MnistImage(w.Pixels, true, false).ToPngDataUrl())).ToList());
}

/// <summary>One digit's results.</summary>
/// <param name="Digit">0–9.</param>
/// <param name="Support">Test images of this digit.</param>
/// <param name="Predicted">Test images predicted as this digit.</param>
/// <param name="Precision">Correct / predicted as this digit; null when the model never predicted it.</param>
/// <param name="Recall">Correct / images of this digit; null when the test images hold none.</param>
public sealed record ClassEvaluation(int Digit, int Support, int Predicted, double? Precision, double? Recall);

/// <summary>A test image the model got wrong.</summary>
/// <param name="Index">Its index in the MNIST test set (<c>t10k-images-idx3-ubyte</c>, from 0).</param>
/// <param name="Label">The true digit.</param>
/// <param name="Predicted">The model's digit.</param>
/// <param name="Confidence">The probability of <paramref name="Predicted"/>.</param>
/// <param name="Probabilities">The ten probabilities, digit 0 first.</param>
/// <param name="Image">The 28×28 test image as a PNG data URL (<c>data:image/png;base64,…</c>), white on black as in MNIST.</param>
public sealed record WrongPrediction(int Index, int Label, int Predicted, double Confidence, float[] Probabilities, string Image);
