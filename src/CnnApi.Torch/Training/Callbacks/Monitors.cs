namespace CnnApi.Torch.Training.Callbacks;

/// <summary>The quantities a callback can watch: the names Keras's history gives them.</summary>
public static class Monitors
{
    public static readonly string[] All = ["loss", "accuracy", "val_loss", "val_accuracy"];
    public static readonly string[] Modes = ["auto", "min", "max"];

    /// <summary>The value of <paramref name="monitor"/> in an epoch's results; null when it was not measured (no validation split).</summary>
    public static double? Value(string monitor, EpochResult epoch) => monitor switch
    {
        "loss" => epoch.Loss,
        "accuracy" => epoch.Accuracy,
        "val_loss" => epoch.ValLoss,
        "val_accuracy" => epoch.ValAccuracy,
        _ => throw new ArgumentException($"unknown monitor '{monitor}'", nameof(monitor)),
    };

    /// <summary>Whether higher is better: <c>max</c>, or <c>auto</c> for an accuracy (Keras: a metric whose direction is up).</summary>
    public static bool HigherIsBetter(string monitor, string mode) =>
        mode == "max" || (mode == "auto" && monitor.EndsWith("accuracy", StringComparison.Ordinal));
}
