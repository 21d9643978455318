namespace CnnApi.Architectures.Summaries;

/// <summary>Two summaries side by side: layers aligned by index, and the totals' differences (B − A).</summary>
public sealed record ArchitectureComparison(
    ArchitectureSummary A,
    ArchitectureSummary B,
    IReadOnlyList<LayerDiff> Layers,
    TotalsDiff Totals);

/// <summary>
/// Layer <see cref="Index"/> of A against layer <see cref="Index"/> of B. When one side has fewer layers,
/// <see cref="InA"/> or <see cref="InB"/> is false and that side's fields are null; deltas then count the
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
    long MacsDelta);

/// <summary>B − A for each total.</summary>
public sealed record TotalsDiff(
    long TotalParams,
    long TrainableParams,
    long NonTrainableParams,
    long TotalMacs,
    long ParamBytes,
    long ActivationBytes);
