namespace CnnApi.Torch.Training;

/// <summary>
/// A model's results on the test set: the confusion matrix (<c>ConfusionMatrix[true][predicted]</c>), each digit's
/// precision and recall, and the test images it got wrong with the highest confidence.
/// </summary>
public sealed record ModelEvaluation(int TestCount, double Accuracy, int[][] ConfusionMatrix, IReadOnlyList<ClassMetrics> Classes,
    IReadOnlyList<WrongDigit> MostConfidentlyWrong);

/// <summary>One digit's row: <see cref="Support"/> test images of it, <see cref="Predicted"/> predictions of it;
/// precision (null when it was never predicted) and recall (null when it never occurs).</summary>
public sealed record ClassMetrics(int Digit, int Support, int Predicted, double? Precision, double? Recall);

/// <summary>A test image predicted wrongly: its index in the MNIST test set, the labels, the ten probabilities and
/// its 28×28 pixels (row-major, 0 background to 1 ink, as in the data set).</summary>
public sealed record WrongDigit(int Index, int Label, int Predicted, double Confidence, float[] Probabilities, float[] Pixels);
