using System.Text.Json.Serialization;

namespace CnnApi.Torch.Training.Callbacks;

/// <summary>
/// Keras's <c>EarlyStopping</c> callback (<c>keras/callbacks/early_stopping.py</c>), checked after every epoch: stop when
/// <c>monitor</c> has not improved by more than <c>minDelta</c> for <c>patience</c> epochs (the
/// first epoch never stops a run). Unset fields take Keras's defaults.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EarlyStopping
{
    /// <summary><c>loss</c>, <c>accuracy</c>, <c>val_loss</c> (default) or <c>val_accuracy</c>; the <c>val_</c> ones need a validation split.</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>Epochs without improvement after which training stops (0–1000; default 0: the first epoch that does not improve).</summary>
    public int Patience { get; init; }

    /// <summary>A smaller change does not count as an improvement (≥ 0; default 0).</summary>
    public double MinDelta { get; init; }

    /// <summary><c>auto</c> (default: lower is better for the losses, higher for the accuracies), <c>min</c> or <c>max</c>.</summary>
    public string Mode { get; init; } = "auto";

    /// <summary>When training ends, put back the weights of the best epoch (they are the published model); default false: the last epoch's.</summary>
    public bool RestoreBestWeights { get; init; }

    /// <summary>Optional: until the monitored value beats it, epochs count as not improving.</summary>
    public double? Baseline { get; init; }

    /// <summary>Epochs to train before monitoring starts (warm-up; 0–1000, default 0).</summary>
    public int StartFromEpoch { get; init; }
}
