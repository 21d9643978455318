using System.Text.Json.Serialization;

namespace CnnApi.Torch.Training.Callbacks;

/// <summary>
/// Keras's <c>ReduceLROnPlateau</c> callback (<c>keras/callbacks/reduce_lr_on_plateau.py</c>): after
/// <c>patience</c> epochs without an improvement of <c>monitor</c> by more than <c>minDelta</c>,
/// the learning rate is multiplied by <c>factor</c> (never below <c>minLr</c>), then
/// <c>cooldown</c> epochs pass before counting again. The new rate applies from the next epoch. Unset fields
/// take Keras's defaults.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReduceLrOnPlateau
{
    /// <summary><c>loss</c>, <c>accuracy</c>, <c>val_loss</c> (default) or <c>val_accuracy</c>; the <c>val_</c> ones need a validation split.</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>The rate is multiplied by this (greater than 0, less than 1; default 0.1).</summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>Epochs without improvement before the rate is reduced (0–1000; default 10).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>A smaller change does not count as an improvement (≥ 0; default 1e-4).</summary>
    public double MinDelta { get; init; } = 1e-4;

    /// <summary>Epochs after a reduction during which nothing is counted (0–1000; default 0).</summary>
    public int Cooldown { get; init; }

    /// <summary>The rate never goes below this (≥ 0; default 0).</summary>
    public double MinLr { get; init; }

    /// <summary><c>auto</c> (default: higher is better when the name holds <c>acc</c>, else lower), <c>min</c> or <c>max</c>.</summary>
    public string Mode { get; init; } = "auto";
}
