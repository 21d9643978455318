using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Summaries;
using CnnApi.Errors;

namespace CnnApi.TrainingJobs;

/// <summary>
/// What MNIST training asks of an architecture beyond a valid summary: it takes 28×28 grey images ([28, 28, 1], or
/// [1, 28, 28] when its first layer that reads a data format is channels_first), it outputs [10], and its output is
/// logits or a final softmax. Training removes a final softmax (a Dense/Conv activation, an <c>Activation</c> or
/// <c>Softmax</c> layer, also at the end of a nested model) and minimises softmax cross-entropy on the logits; the
/// predictor applies softmax. So a softmax followed by other layers (Dropout, Flatten, pooling, …), or an output
/// squashed by another activation (sigmoid, relu, tanh, …), would train something else than Keras does: refused. A
/// shared layer must take the same input shape at every call (one torch module per layer).
/// </summary>
internal static class MnistFit
{
    public static IEnumerable<(string Path, string Message)> Problems(ArchitectureSummary summary, string prefix)
    {
        var input = summary.InputShape[1..].Select(d => d!.Value).ToArray();
        var channelsFirst = Summarizer.ChannelsFirst(summary.Layers.Select(l => l.Layer));
        if (!input.SequenceEqual(channelsFirst ? [1L, 28, 28] : [28L, 28, 1]))
            yield return (JsonPaths.Join(prefix, "inputShape"), channelsFirst
                ? $"MNIST images are 1×28×28: a channels_first architecture must take [1, 28, 28], not [{string.Join(", ", input)}]."
                : $"MNIST images are 28×28×1: the architecture must take [28, 28, 1] (or [1, 28, 28] when channels_first), not [{string.Join(", ", input)}].");
        var output = summary.Layers is [.., var last] ? last.OutputDims : input;
        if (output is not [10])
            yield return (JsonPaths.Join(prefix, "layers"), $"MNIST has 10 classes: the last layer must output [10], not [{string.Join(", ", output)}].");
        else if (OutputProblem(summary.Layers, after: null) is { } problem)
            yield return (JsonPaths.Join(prefix, "layers"), problem);
        foreach (var shared in summary.Layers.Where(l => l.Calls.Skip(1).Any(c => !c.InputsDims[0].SequenceEqual(l.InputDims))))
            yield return (JsonPaths.Join(prefix, "layers"), $"the shared layer '{shared.Name}' is called on " +
                $"{string.Join(" and ", shared.Calls.Select(c => $"[{string.Join(", ", c.InputsDims[0])}]").Distinct())}: the trainer runs a shared " +
                "layer as one module built for one input shape, so every call must take the same shape.");
    }

    /// <summary>Walks back from the output through layers that keep its kind of values to the one that decides it.</summary>
    private static string? OutputProblem(IReadOnlyList<LayerSummary> rows, string? after)
    {
        var byName = rows.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var row = rows[^1];
        while (true)
        {
            if (row.Layer is NestedModel nested && nested.Summarize(row.InputDims).Summary is { } inner)
                return OutputProblem(inner.Layers, after);
            var activation = ActivationOf(row.Layer);
            if (activation == ActivationKind.Softmax)
                return after is null ? null
                    : $"the softmax of '{row.Name}' ({row.Type}) is followed by '{after}': training removes only a final softmax and " +
                      "minimises softmax cross-entropy on the logits, so a softmax must be the model's last layer.";
            if (activation is { } kind && kind != ActivationKind.Linear)
                return $"the output comes from '{row.Name}' ({row.Type}, {Activations.Name(kind)}): training minimises softmax " +
                       "cross-entropy, so the model must end in a softmax (probabilities) or a linear layer (logits).";
            if (activation is null && KeepsValues(row.Layer) && row.ConnectedTo is [var from] && byName.TryGetValue(from, out var previous))
            {
                after ??= row.Name;
                row = previous;
                continue;
            }
            return null;
        }
    }

    private static ActivationKind? ActivationOf(Layer layer) => layer switch
    {
        Dense d => d.Activation,
        Conv2D c => c.Activation,
        SeparableConv2D s => s.Activation,
        DepthwiseConv2D d => d.Activation,
        Conv2DTranspose t => t.Activation,
        Activation a => a.Kind,
        Softmax => ActivationKind.Softmax,
        ReLU or PReLU => ActivationKind.Relu,
        LeakyReLU => ActivationKind.LeakyRelu,
        ELU => ActivationKind.Elu,
        _ => null,
    };

    /// <summary>Layers whose output is still the kind of values they take (selected, moved, pooled or noised).</summary>
    private static bool KeepsValues(Layer layer) => layer is Dropout or SpatialDropout2D or GaussianNoise or GaussianDropout
        or Flatten or Reshape or Permute or Pooling2D or GlobalPooling2D or RandomAugmentation or ZeroPadding2D or Cropping2D
        or UpSampling2D or Resizing;
}
