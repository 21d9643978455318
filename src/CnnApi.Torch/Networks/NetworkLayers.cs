using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Torch.Networks;

/// <summary>
/// Keras names, shapes and wiring of an architecture's layers, for <see cref="NetworkBuilder"/>, taken from
/// <see cref="Summarizer"/> so that the shape rules live in one place.
/// </summary>
public static class NetworkLayers
{
    /// <summary>Summarises <paramref name="architecture"/>; an invalid one throws <see cref="ArgumentException"/> listing the summary's errors.</summary>
    public static IReadOnlyList<NetworkLayer> From(Architecture architecture)
    {
        var result = Summarizer.Summarize(architecture);
        if (result.Summary is not { } summary)
            throw new ArgumentException($"architecture '{architecture.Name}' is invalid: " +
                string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")), nameof(architecture));
        return From(summary);
    }

    /// <summary>The layers of an already computed summary (the host has one at hand); a graph keeps its InputLayer row and wiring.</summary>
    public static IReadOnlyList<NetworkLayer> From(ArchitectureSummary summary) =>
        summary.Layers.Select((l, i) => new NetworkLayer(l.Name, l.Layer, l.InputDims, l.OutputDims)
        {
            Inputs = summary.IsGraph ? (l.Calls is [var first, ..] ? first.References.ToList() : l.ConnectedTo) : null,
            Step = l.Calls is [var call, ..] ? call.Step : i,
            MoreCalls = l.Calls.Skip(1).Select((c, k) => (c.Step, Wiring.Reference(l.Name, k + 1), (IReadOnlyList<string>)c.References.ToList(), c.InputsDims[0])).ToList(),
        }).ToList();
}
