namespace CnnApi.Architectures.Summaries;

/// <summary>Compares two summaries layer by layer (aligned by index) and in total.</summary>
public static class ArchitectureComparer
{
    public static ArchitectureComparison Compare(ArchitectureSummary a, ArchitectureSummary b)
    {
        var count = Math.Max(a.Layers.Count, b.Layers.Count);
        var diffs = new LayerDiff[count];
        for (var i = 0; i < count; i++)
        {
            var left = i < a.Layers.Count ? a.Layers[i] : null;
            var right = i < b.Layers.Count ? b.Layers[i] : null;
            diffs[i] = new LayerDiff(
                i, left is not null, right is not null, left?.Name, right?.Name, left?.Type, right?.Type,
                left?.OutputShape, right?.OutputShape,
                left is not null && right is not null && left.OutputDims.AsSpan().SequenceEqual(right.OutputDims),
                left?.Params, right?.Params, (right?.Params ?? 0) - (left?.Params ?? 0),
                left?.Macs, right?.Macs, (right?.Macs ?? 0) - (left?.Macs ?? 0));
        }
        var totals = new TotalsDiff(
            b.TotalParams - a.TotalParams, b.TrainableParams - a.TrainableParams, b.NonTrainableParams - a.NonTrainableParams,
            b.TotalMacs - a.TotalMacs, b.ParamBytes - a.ParamBytes, b.ActivationBytes - a.ActivationBytes);
        return new ArchitectureComparison(a, b, diffs, totals);
    }
}
