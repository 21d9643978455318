using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Estimates;

/// <summary>
/// What one training image costs, per image: multiply-accumulates of forward and backward (3× the forward MACs:
/// the backward pass computes the gradients of the inputs and of the weights), float elements the kept activations
/// touch (memory traffic of element-wise layers, pooling, the copies), and the layers' share of per-batch overhead
/// (each layer launches a few kernels per batch whatever its size: layers ÷ batch size).
/// </summary>
public sealed record CostFeatures(double Macs, double Elements, double LayersPerImage)
{
    /// <summary>The features of training <paramref name="summary"/> with batches of <paramref name="batchSize"/>.</summary>
    public static CostFeatures Of(ArchitectureSummary summary, int batchSize)
    {
        var (kept, _) = TrainingMemory.Activations(summary);
        double input = summary.InputShape[1..].Aggregate(1.0, (a, d) => a * (d ?? 1));
        return new CostFeatures(3.0 * summary.TotalMacs, input + kept, summary.Layers.Count / (double)batchSize);
    }

    internal double[] Vector => [Macs, Elements, LayersPerImage];
}

/// <summary>
/// A measured training speed: the features of what was trained and the seconds one image took. <see cref="Weight"/>
/// counts it that many times in the fit (a real job's epoch outweighs a few calibration batches).
/// </summary>
public sealed record TimeSample(CostFeatures Features, double SecondsPerImage, double Weight = 1);

/// <summary>
/// A device's throughput as a linear cost model, seconds per image = Σ coefficient × feature, fitted by non-negative
/// least squares (relative errors: each sample weighs by 1/its time) to measured samples.
/// </summary>
public sealed record ThroughputModel(double SecondsPerMac, double SecondsPerElement, double SecondsPerLayerBatch, int Samples)
{
    /// <summary>Used until a device is measured: 5 GMAC/s, 0.5 G elements/s, 50 µs per layer and batch (2 cores of 2020s x86).</summary>
    public static ThroughputModel Default { get; } = new(1 / 5e9, 1 / 0.5e9, 50e-6, 0);

    /// <summary>Seconds to train one image with these features.</summary>
    public double SecondsPerImage(CostFeatures f) =>
        SecondsPerMac * f.Macs + SecondsPerElement * f.Elements + SecondsPerLayerBatch * f.LayersPerImage;

    /// <summary>Seconds to evaluate one image (forward only: a third of training's MACs and element traffic, a third of the overhead).</summary>
    public double EvalSecondsPerImage(CostFeatures f) => SecondsPerImage(f) / 3;

    /// <summary>The effective training rate on these features, MAC/s (for display).</summary>
    public double MacsPerSecond(CostFeatures f) => f.Macs / SecondsPerImage(f);

    /// <summary>
    /// Fits the model to <paramref name="samples"/> by non-negative least squares on relative errors: coefficients the
    /// data would make negative are dropped (set to 0) and the rest refitted. Null with no samples.
    /// </summary>
    public static ThroughputModel? Fit(IReadOnlyList<TimeSample> samples)
    {
        if (samples.Count == 0) return null;
        var active = new List<int> { 0, 1, 2 };
        while (active.Count > 0)
        {
            var solution = Solve(samples, active);
            if (solution is not null && solution.All(c => c >= 0))
            {
                var c = new double[3];
                for (int i = 0; i < active.Count; i++) c[active[i]] = solution[i];
                return new ThroughputModel(c[0], c[1], c[2], samples.Count);
            }
            // Drop the most negative (or, when singular, the last) coefficient and refit.
            int drop = solution is null ? active.Count - 1 : Array.IndexOf(solution, solution.Min());
            active.RemoveAt(drop);
        }
        return null;
    }

    /// <summary>Normal equations of min Σ w·((Σ c·x) / t − 1)², on the active features; null when singular.</summary>
    private static double[]? Solve(IReadOnlyList<TimeSample> samples, List<int> active)
    {
        int n = active.Count;
        var a = new double[n, n + 1];
        // Scale each feature by its mean so the system is well conditioned (MACs are ~1e7, layers/batch ~0.1).
        var scale = active.Select(k => Math.Max(samples.Average(s => s.Features.Vector[k] / s.SecondsPerImage), 1e-300)).ToArray();
        foreach (var s in samples)
        {
            var x = active.Select((k, i) => s.Features.Vector[k] / s.SecondsPerImage / scale[i]).ToArray();
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) a[i, j] += s.Weight * x[i] * x[j];
                a[i, n] += s.Weight * x[i];
            }
        }
        for (int col = 0; col < n; col++)
        {
            int pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(a[r, col]));
            if (Math.Abs(a[pivot, col]) < 1e-9) return null;
            for (int j = 0; j <= n; j++) (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double factor = a[r, col] / a[col, col];
                for (int j = col; j <= n; j++) a[r, j] -= factor * a[col, j];
            }
        }
        return Enumerable.Range(0, n).Select(i => a[i, n] / a[i, i] / scale[i]).ToArray();
    }
}
