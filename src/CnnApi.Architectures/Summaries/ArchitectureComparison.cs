namespace CnnApi.Architectures.Summaries;

/// <summary>Two summaries side by side: layers paired by name, else by position (see <see cref="ArchitectureComparer"/>), and the totals' differences (B − A).</summary>
public sealed record ArchitectureComparison(
    ArchitectureSummary A,
    ArchitectureSummary B,
    IReadOnlyList<LayerDiff> Layers,
    TotalsDiff Totals);

/// <summary>
/// Row <see cref="Index"/>: layer <see cref="IndexA"/> of A against layer <see cref="IndexB"/> of B (indices into each
/// summary's rows, topological order), paired as <see cref="MatchedBy"/> says ("name" or "position"). A layer with no
/// partner has <see cref="InA"/> or <see cref="InB"/> false and that side's fields null; deltas then count the
/// missing side as 0. <see cref="SameOutputShape"/> is false unless both sides exist and agree.
/// </summary>
public sealed record LayerDiff(
    int Index,
    bool InA,
    bool InB,
    string? NameA,
    string? NameB,
    string? TypeA,
    string? TypeB,
    long?[]? OutputShapeA,
    long?[]? OutputShapeB,
    bool SameOutputShape,
    long? ParamsA,
    long? ParamsB,
    long ParamsDelta,
    long? MacsA,
    long? MacsB,
    long MacsDelta)
{
    public int? IndexA { get; init; }
    public int? IndexB { get; init; }

    /// <summary>"name" when both layers have the same name, "position" when paired by topological position, null for one side only.</summary>
    public string? MatchedBy { get; init; }
}

/// <summary>B − A for each total.</summary>
public sealed record TotalsDiff(
    long TotalParams,
    long TrainableParams,
    long NonTrainableParams,
    long TotalMacs,
    long ParamBytes,
    long ActivationBytes);
