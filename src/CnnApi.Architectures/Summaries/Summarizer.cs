using System.Globalization;
using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// Walks an architecture as Keras builds it: infers each layer's output shape, counts parameters exactly as
/// Keras does, names layers as a fresh Keras session would (<c>conv2d</c>, <c>conv2d_1</c>, …) and adds MACs,
/// bytes, receptive fields and border loss. All counts are checked 64-bit; an overflow or a shape that does not
/// fit is an error at <c>layers[i]</c>, never an exception.
/// </summary>
public static class Summarizer
{
    private const int BytesPerFloat = 4;

    public static SummaryResult Summarize(Architecture architecture, SummaryLimits? limits = null)
    {
        limits ??= SummaryLimits.Default;
        if (InputError(architecture) is { } inputError)
            return Fail("inputShape", inputError);
        if (architecture.Layers.Count is 0 or > SpecLimits.MaxLayers)
            return Fail("layers", $"an architecture needs 1 to {SpecLimits.MaxLayers} layers, got {architecture.Layers.Count}");
        var current = Array.ConvertAll(architecture.InputShape, d => (long)d);
        var rows = new LayerSummary[architecture.Layers.Count];
        var stems = new Dictionary<string, int>(StringComparer.Ordinal);
        var field = new FieldTracker();
        long total = 0, trainable = 0, macs = 0, activations = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var layer = architecture.Layers[i];
            var path = $"layers[{i}]";
            try
            {
                var math = layer.Apply(current);
                if (math.Error is { } error)
                    return Fail(path, error);
                var frozen = layer.Trainable ? math.NonTrainableParams : math.Params;
                var elementBytes = checked(Product(math.Output) * BytesPerFloat);
                checked
                {
                    total += math.Params;
                    trainable += math.Params - frozen;
                    macs += math.Macs;
                    activations += elementBytes;
                }
                if (total > limits.MaxTotalParams)
                    return Fail(path, string.Create(CultureInfo.InvariantCulture,
                        $"{layer.KerasClass}: the total parameter count reaches {total:N0} here, above the limit of {limits.MaxTotalParams:N0}"));
                var border = math.Window is { } w ? Borders.PixelsLost(current, math.Output, w) : (long?)null;
                var receptive = field.Next(math.Window, math.Output.Length == 3);
                rows[i] = new LayerSummary(
                    Name(layer.NameStem, stems), layer.KerasClass, WithBatch(current), WithBatch(math.Output),
                    math.Params, math.Params - frozen, frozen, math.Macs, checked(math.Params * BytesPerFloat),
                    elementBytes, receptive, border, layer, current, math.Output);
                current = math.Output;
            }
            catch (OverflowException)
            {
                return Fail(path, $"{layer.KerasClass}: the counts overflow 64-bit integers for the {Shapes.Format(current)} input");
            }
        }
        return new SummaryResult(new ArchitectureSummary
        {
            Name = architecture.Name, InputShape = WithBatch(Array.ConvertAll(architecture.InputShape, d => (long)d)), Layers = rows,
            TotalParams = total, TrainableParams = trainable, NonTrainableParams = total - trainable, TotalMacs = macs,
            ParamBytes = checked(total * BytesPerFloat), ActivationBytes = activations,
        }, []);
    }

    private static string? InputError(Architecture architecture)
    {
        var s = architecture.InputShape;
        return s is [>= 1 and <= SpecLimits.MaxSide, >= 1 and <= SpecLimits.MaxSide, >= 1 and <= SpecLimits.MaxChannels]
            ? null
            : $"the input shape must be [height, width, channels] with height and width from 1 to {SpecLimits.MaxSide} and channels from 1 to {SpecLimits.MaxChannels}";
    }

    /// <summary>Keras's fresh-session naming: the first of a stem is bare, then <c>_1</c>, <c>_2</c>, …</summary>
    private static string Name(string stem, Dictionary<string, int> stems)
    {
        stems.TryGetValue(stem, out var seen);
        stems[stem] = seen + 1;
        return seen == 0 ? stem : $"{stem}_{seen}";
    }

    private static long Product(long[] dims)
    {
        long product = 1;
        foreach (var d in dims)
            product = checked(product * d);
        return product;
    }

    private static long?[] WithBatch(long[] dims)
    {
        var shape = new long?[dims.Length + 1];
        for (var i = 0; i < dims.Length; i++)
            shape[i + 1] = dims[i];
        return shape;
    }

    private static SummaryResult Fail(string path, string message) => new(null, [new SpecError(path, message)]);
}
