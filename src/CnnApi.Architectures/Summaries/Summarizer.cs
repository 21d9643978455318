using System.Globalization;
using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// Walks an architecture as Keras builds it: infers each layer's output shape, counts parameters exactly as
/// Keras does, names layers as a fresh Keras session would (<c>conv2d</c>, <c>conv2d_1</c>, …; a graph keeps its
/// names) and adds MACs, bytes, receptive fields and border loss. A graph is summarised in topological order after
/// its <c>InputLayer</c> row. All counts are checked 64-bit; an overflow or a shape that does not fit is an error
/// at the layer's path, never an exception.
/// </summary>
public static class Summarizer
{
    private const int BytesPerFloat = 4;

    public static SummaryResult Summarize(Architecture architecture, SummaryLimits? limits = null)
    {
        if (InputError(architecture.InputShape, ChannelsFirst(architecture)) is { } inputError)
            return Fail("inputShape", inputError);
        return SummarizeOn(architecture, Array.ConvertAll(architecture.InputShape, d => (long)d), limits);
    }

    /// <summary>Summarises on a given input shape (a nested model on the shape it is called on).</summary>
    public static SummaryResult SummarizeOn(Architecture architecture, long[] input, SummaryLimits? limits = null)
    {
        limits ??= SummaryLimits.Default;
        if (architecture.Layers.Count is 0 or > SpecLimits.MaxLayers)
            return Fail("layers", $"an architecture needs 1 to {SpecLimits.MaxLayers} layers, got {architecture.Layers.Count}");
        var walk = new Walk(architecture, limits, input);
        if (architecture.Graph is null)
            return walk.Line();
        var (order, errors, inputs) = GraphOrder.Sort(architecture);
        return order is null ? new SummaryResult(null, errors) : walk.Graph(order, inputs);
    }

    /// <summary>The input is [channels, height, width] when the first layer that reads a data format reads channels_first.</summary>
    public static bool ChannelsFirst(Architecture architecture) => ChannelsFirst(architecture.Layers);

    /// <summary>The same rule on layers in the model's order (a summary's rows, a builder's layers).</summary>
    public static bool ChannelsFirst(IEnumerable<Layer> layers) =>
        layers.FirstOrDefault(l => l is SpatialLayer or Flatten) is SpatialLayer { ChannelsFirst: true } or Flatten { ChannelsFirst: true };

    private static string? InputError(int[] s, bool channelsFirst) =>
        s is [>= 1 and <= SpecLimits.MaxSide, >= 1 and <= SpecLimits.MaxSide, >= 1 and <= SpecLimits.MaxSide]
        && s[channelsFirst ? 0 : 2] <= SpecLimits.MaxChannels
            ? null
            : channelsFirst
                ? $"the input shape must be [channels, height, width] (the first layer is channels_first) with height and width from 1 to {SpecLimits.MaxSide} and channels from 1 to {SpecLimits.MaxChannels}"
                : $"the input shape must be [height, width, channels] with height and width from 1 to {SpecLimits.MaxSide} and channels from 1 to {SpecLimits.MaxChannels}";

    private static SummaryResult Fail(string path, string message) => new(null, [new SpecError(path, message)]);

    /// <summary>One pass over the layers, accumulating rows and totals.</summary>
    private sealed class Walk(Architecture architecture, SummaryLimits limits, long[] input)
    {
        private readonly List<LayerSummary> rows = [];
        private readonly Dictionary<string, (long[] Dims, Field Field)> outputs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> stems = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> rowOf = new(StringComparer.Ordinal);
        private long total, trainable, macs, activations;
        private int steps;

        public SummaryResult Line()
        {
            var previous = (Name: (string?)null, Dims: input, Field: Field.Start);
            var given = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (architecture.Names?.Count ?? 0); i++)
            {
                if (architecture.Names![i] is { } n && !given.Add(n))
                    return new SummaryResult(null, [new SpecError($"{architecture.PathOf(i)}.name", $"the name '{n}' is used twice; layer names must be unique")]);
            }
            for (var i = 0; i < architecture.Layers.Count; i++)
            {
                var layer = architecture.Layers[i];
                var name = architecture.Names?[i] ?? FreshName(layer.NameStem, given);
                (string, int)[] connected = previous.Name is null ? [] : [(previous.Name, 0)];
                if (Row(i, name, 0, layer, [previous.Dims], [previous.Field], connected) is { } error)
                    return new SummaryResult(null, [error]);
                previous = (name, rows[^1].OutputDims, outputs[name].Field);
            }
            return Done(isGraph: false, sequentialLike: true);
        }

        public SummaryResult Graph(int[] order, (string Name, int Call)[][] links)
        {
            var graph = architecture.Graph!;
            Row(-1, architecture.InputName, 0, new InputLayer(), [input], [Field.Start], []);
            foreach (var i in order)
            {
                var known = links[i].Select(n => outputs[Wiring.Reference(n.Name, n.Call)]).ToList();
                if (Row(i, graph[i].Name, graph[i].Call, architecture.Layers[i], known.Select(k => k.Dims).ToList(), known.Select(k => k.Field).ToList(), links[i]) is { } error)
                    return new SummaryResult(null, [error]);
            }
            // tf.keras 2.x print_summary: one node per depth, none with several inputs (here: no call takes two inputs and no
            // output is read twice), and no shared layer ("search for shared layers": a layer with two nodes in the model).
            var sequentialLike = links.All(l => l.Length <= 1) && links.SelectMany(l => l).GroupBy(l => l).All(g => g.Count() == 1)
                && graph.All(w => w.Call == 0);
            return Done(isGraph: true, sequentialLike);
        }

        private SpecError? Row(int index, string name, int call, Layer layer, IReadOnlyList<long[]> inputs, IReadOnlyList<Field> fields,
            IReadOnlyList<(string Name, int Call)> connected)
        {
            var path = index < 0 ? "inputShape" : architecture.PathOf(index);
            try
            {
                var math = layer.Apply(inputs);
                if (math.Error is { } error)
                    return new SpecError(path, architecture.Graph is null ? error : $"'{Wiring.Reference(name, call)}' ({error})");
                if (rowOf.TryGetValue(name, out var shared))
                    return Again(shared, path, math, inputs, fields, connected, Wiring.Reference(name, call));
                var frozen = layer.Trainable ? math.NonTrainableParams : math.Params;
                var elementBytes = checked(Shapes.Size(math.Output) * BytesPerFloat);
                checked
                {
                    total += math.Params;
                    trainable += math.Params - frozen;
                    macs += math.Macs;
                    activations += index < 0 ? 0 : elementBytes;
                }
                if (total > limits.MaxTotalParams)
                    return new SpecError(path, string.Create(CultureInfo.InvariantCulture,
                        $"{layer.KerasClass}: the total parameter count reaches {total:N0} here, above the limit of {limits.MaxTotalParams:N0}"));
                var field = fields.Aggregate(Field.Max).Next(math.Window, math.Step);
                var receptive = math.Output.Length == 3 ? field.ToReport() : null;
                rows.Add(new LayerSummary(
                    name, layer.KerasClass, WithBatch(inputs[0]), WithBatch(math.Output),
                    math.Params, math.Params - frozen, frozen, math.Macs, checked(math.Params * BytesPerFloat),
                    index < 0 ? 0 : elementBytes, receptive, math.Border, connected.Select(c => Wiring.Reference(c.Name, c.Call)).ToArray(),
                    layer, inputs[0], math.Output)
                {
                    InputsDims = inputs, Calls = [new LayerCall(connected, inputs, math.Output) { Step = steps++ }],
                });
                rowOf[name] = rows.Count - 1;
                outputs[name] = (math.Output, field);
                return null;
            }
            catch (OverflowException)
            {
                return new SpecError(path, $"{layer.KerasClass}: the counts overflow 64-bit integers for the {string.Join(", ", inputs.Select(Shapes.Format))} input");
            }
        }

        /// <summary>
        /// Another call of a shared layer: its weights are the first call's (counted once, as Keras counts them), so the
        /// call must fit them; its MACs and activations add to the row, its inputs to Connected to.
        /// </summary>
        private SpecError? Again(int at, string path, LayerMath math, IReadOnlyList<long[]> inputs, IReadOnlyList<Field> fields,
            IReadOnlyList<(string Name, int Call)> connected, string key)
        {
            var first = rows[at];
            if (math.Params != first.Params)
                return new SpecError(path, string.Create(CultureInfo.InvariantCulture,
                    $"'{key}' calls the shared layer '{first.Name}' on {string.Join(", ", inputs.Select(Shapes.Format))}: its weights would hold {math.Params:N0} parameters there, " +
                    $"not the {first.Params:N0} of its first call on {string.Join(", ", first.InputsDims.Select(Shapes.Format))}; every call must fit the same weights"));
            var elementBytes = checked(Shapes.Size(math.Output) * BytesPerFloat);
            checked
            {
                macs += math.Macs;
                activations += elementBytes;
            }
            rows[at] = first with
            {
                ConnectedTo = [.. first.ConnectedTo, .. connected.Select(c => Wiring.Reference(c.Name, c.Call))],
                Macs = checked(first.Macs + math.Macs), ActivationBytes = checked(first.ActivationBytes + elementBytes),
                Calls = [.. first.Calls, new LayerCall(connected, inputs, math.Output) { Step = steps++ }],
            };
            outputs[key] = (math.Output, fields.Aggregate(Field.Max).Next(math.Window, math.Step));
            return null;
        }

        private SummaryResult Done(bool isGraph, bool sequentialLike) => new(new ArchitectureSummary
        {
            Name = architecture.Name, InputShape = WithBatch(input), Layers = rows,
            TotalParams = total, TrainableParams = trainable, NonTrainableParams = total - trainable, TotalMacs = macs,
            ParamBytes = checked(total * BytesPerFloat), ActivationBytes = activations, IsGraph = isGraph, SequentialLike = sequentialLike,
        }, []);

        /// <summary>Keras's fresh-session naming: the first of a stem is bare, then <c>_1</c>, <c>_2</c>, …</summary>
        private string FreshName(string stem, HashSet<string> taken)
        {
            while (true)
            {
                stems.TryGetValue(stem, out var seen);
                stems[stem] = seen + 1;
                var name = seen == 0 ? stem : $"{stem}_{seen}";
                if (!taken.Contains(name))
                    return name;
            }
        }
    }

    private static long?[] WithBatch(long[] dims)
    {
        var shape = new long?[dims.Length + 1];
        for (var i = 0; i < dims.Length; i++)
            shape[i + 1] = dims[i];
        return shape;
    }
}
