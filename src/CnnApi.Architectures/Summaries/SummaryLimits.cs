namespace CnnApi.Architectures.Summaries;

/// <summary>Ceilings the summarizer enforces on top of the readers' limits; the host may pass its own.</summary>
public sealed record SummaryLimits(long MaxTotalParams = 500_000_000)
{
    /// <summary>500,000,000 parameters (2 GB of float32 weights).</summary>
    public static SummaryLimits Default { get; } = new();
}
