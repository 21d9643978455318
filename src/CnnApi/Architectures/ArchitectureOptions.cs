using System.ComponentModel.DataAnnotations;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures;

/// <summary>Bound from "Architectures": how big a spec may be.</summary>
public sealed class ArchitectureOptions
{
    /// <summary>Largest accepted request body, in bytes (413 above).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest total parameter count a summary may reach (400 above).</summary>
    [Range(1, long.MaxValue)]
    public long MaxTotalParams { get; set; } = 500_000_000;

    public SummaryLimits Limits => new(MaxTotalParams);
}
