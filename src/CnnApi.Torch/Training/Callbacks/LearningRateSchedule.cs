using System.Text.Json.Serialization;

namespace CnnApi.Torch.Training.Callbacks;

/// <summary>
/// The learning rate of each epoch, set at the epoch's start from the job's <c>learningRate</c> (lr₀), as Keras's
/// <c>LearningRateScheduler</c> callback does with an epoch function. <c>step</c>: lr₀ · factor^⌊(epoch − 1) / every⌋
/// (Keras's <c>ExponentialDecay</c> with <c>staircase=True</c>, counted in epochs). <c>cosine</c>: Keras's
/// <c>CosineDecay</c> counted in epochs, lr₀ · ((1 − alpha) · ½ (1 + cos(π · min(epoch − 1, decayEpochs) / decayEpochs)) + alpha):
/// lr₀ in the first epoch, falling to alpha · lr₀ after <c>decayEpochs</c> epochs and staying there.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LearningRateSchedule
{
    /// <summary><c>step</c> or <c>cosine</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>step: the rate changes every this many epochs (1–1000; required).</summary>
    public int? Every { get; init; }

    /// <summary>step: the rate is multiplied by this at each change (greater than 0, at most 1; required).</summary>
    public double? Factor { get; init; }

    /// <summary>cosine: epochs over which the rate falls (1–1000; default the job's epochs).</summary>
    public int? DecayEpochs { get; init; }

    /// <summary>cosine: the final rate as a fraction of lr₀ (0–1; default 0).</summary>
    public double? Alpha { get; init; }

    public static readonly string[] Types = ["step", "cosine"];

    /// <summary>The rate of 1-based <paramref name="epoch"/> for a valid schedule (cosine without <c>decayEpochs</c>: over <paramref name="epochs"/>).</summary>
    public double RateAt(int epoch, double initial, int epochs) => Type switch
    {
        "step" => initial * Math.Pow(Factor!.Value, (epoch - 1) / Every!.Value),
        "cosine" => initial * Cosine(epoch, DecayEpochs ?? epochs),
        _ => throw new InvalidOperationException($"unknown schedule '{Type}'"),
    };

    private double Cosine(int epoch, double decay)
    {
        double alpha = Alpha ?? 0;
        double progress = Math.Min(epoch - 1, decay) / decay;
        return (1 - alpha) * 0.5 * (1 + Math.Cos(Math.PI * progress)) + alpha;
    }
}
