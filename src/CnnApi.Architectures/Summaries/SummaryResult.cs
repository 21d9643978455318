using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Summaries;

/// <summary>Either a summary or the errors (JSON path, message) that prevented it.</summary>
public sealed record SummaryResult(ArchitectureSummary? Summary, IReadOnlyList<SpecError> Errors)
{
    /// <summary>True when <see cref="Summary"/> is set.</summary>
    public bool Succeeded => Summary is not null;
}
