namespace CnnApi.Architectures.Summaries;

/// <summary>
/// Compares two summaries layer by layer and in total. Layers are paired by name first (a graph's layers, or the
/// fresh names of two Sequential models), then the layers left on each side by their position in topological
/// order. Rows follow A's order; layers only B has come last, in B's order.
/// </summary>
public static class ArchitectureComparer
{
    public static ArchitectureComparison Compare(ArchitectureSummary a, ArchitectureSummary b)
    {
        var pairs = Pair(a, b);
        var diffs = new LayerDiff[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            var (ia, ib, matchedBy) = pairs[i];
            var left = ia is { } x ? a.Layers[x] : null;
            var right = ib is { } y ? b.Layers[y] : null;
            diffs[i] = new LayerDiff(
                i, left is not null, right is not null, left?.Name, right?.Name, left?.Type, right?.Type,
                left?.OutputShape, right?.OutputShape,
                left is not null && right is not null && left.OutputDims.AsSpan().SequenceEqual(right.OutputDims),
                left?.Params, right?.Params, (right?.Params ?? 0) - (left?.Params ?? 0),
                left?.Macs, right?.Macs, (right?.Macs ?? 0) - (left?.Macs ?? 0))
            {
                IndexA = ia, IndexB = ib, MatchedBy = matchedBy,
            };
        }
        var totals = new TotalsDiff(
            b.TotalParams - a.TotalParams, b.TrainableParams - a.TrainableParams, b.NonTrainableParams - a.NonTrainableParams,
            b.TotalMacs - a.TotalMacs, b.ParamBytes - a.ParamBytes, b.ActivationBytes - a.ActivationBytes);
        return new ArchitectureComparison(a, b, diffs, totals);
    }

    private static List<(int? A, int? B, string? MatchedBy)> Pair(ArchitectureSummary a, ArchitectureSummary b)
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < b.Layers.Count; j++)
            byName.TryAdd(b.Layers[j].Name, j);
        var partner = new int?[a.Layers.Count];
        var taken = new bool[b.Layers.Count];
        for (var i = 0; i < a.Layers.Count; i++)
        {
            if (byName.TryGetValue(a.Layers[i].Name, out var j) && !taken[j])
                (partner[i], taken[j]) = (j, true);
        }
        var leftA = Enumerable.Range(0, a.Layers.Count).Where(i => partner[i] is null).ToList();
        var leftB = new Queue<int>(Enumerable.Range(0, b.Layers.Count).Where(j => !taken[j]));
        var byPosition = new HashSet<int>();
        foreach (var i in leftA)
        {
            if (leftB.TryDequeue(out var j))
                (partner[i], _) = (j, byPosition.Add(i));
        }
        var pairs = Enumerable.Range(0, a.Layers.Count)
            .Select(i => ((int?)i, partner[i], partner[i] is null ? null : byPosition.Contains(i) ? "position" : "name"))
            .ToList();
        pairs.AddRange(leftB.Select(j => ((int?)null, (int?)j, (string?)null)));
        return pairs;
    }
}
