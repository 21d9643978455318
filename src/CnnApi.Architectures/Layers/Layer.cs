using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Layers;

/// <summary>
/// A Keras layer with every default resolved. Subclasses are immutable records, one per Keras class (or family),
/// each knowing its own shape rule, parameter count and multiply-accumulate count. The set is closed: every reader
/// (summary, spec writer, TorchSharp builder, …) switches over it and fails loudly on a layer it does not know.
/// Shapes carry no batch dimension.
/// </summary>
public abstract record Layer
{
    /// <summary>The Keras class name, as in <c>model.summary()</c>: "Conv2D", "MaxPooling2D", …</summary>
    public abstract string KerasClass { get; }

    /// <summary>The stem Keras names a fresh layer with: "conv2d", "max_pooling2d", "batch_normalization", …</summary>
    public abstract string NameStem { get; }

    /// <summary>
    /// False for a frozen layer (Keras <c>trainable: false</c>): all its weights then count as non-trainable,
    /// as in Keras's summary.
    /// </summary>
    public bool Trainable { get; init; } = true;

    /// <summary>How many inputs the layer takes: 1 for all but the merge layers.</summary>
    public virtual (int Min, int Max) Arity => (1, 1);

    /// <summary>
    /// Applies the layer to an input shape (no batch dimension). Returns the output shape and the counts,
    /// or an error message naming the layer type, its input shape and why it does not fit.
    /// Arithmetic is <c>checked</c>: an overflow surfaces as <see cref="OverflowException"/>, which the
    /// summarizer turns into an error.
    /// </summary>
    internal abstract LayerMath Apply(long[] input);

    /// <summary>Applies the layer to its inputs (several for a merge layer).</summary>
    internal virtual LayerMath Apply(IReadOnlyList<long[]> inputs) => inputs.Count == 1
        ? Apply(inputs[0])
        : LayerMath.Fail($"{KerasClass} takes one input, got {inputs.Count}");
}

/// <summary>
/// A layer that takes Keras's <c>data_format</c>: its rule is written channels-last ([H, W, C]); with
/// <see cref="ChannelsFirst"/> the input is read as [C, H, W] and a 3-D output written back the same way,
/// exactly as Keras computes it. The border loss of a windowed layer is worked out here too.
/// </summary>
public abstract record SpatialLayer : Layer
{
    /// <summary>Keras <c>data_format="channels_first"</c>: [channels, height, width].</summary>
    public bool ChannelsFirst { get; init; }

    internal sealed override LayerMath Apply(long[] input)
    {
        var last = ChannelsFirst && input.Length == 3 ? new[] { input[1], input[2], input[0] } : input;
        var math = ApplyChannelsLast(last);
        if (math.Error is not null)
            return ChannelsFirst ? math with { Error = math.Error + " (data_format channels_first: [channels, height, width])" } : math;
        if (math.Window is { } w && math.Output.Length == 3 && math.Border is null)
            math = math with { Border = Borders.PixelsLost(last, math.Output, w) };
        return ChannelsFirst && math.Output.Length == 3 ? math with { Output = [math.Output[2], math.Output[0], math.Output[1]] } : math;
    }

    /// <summary>The rule on a channels-last input.</summary>
    internal abstract LayerMath ApplyChannelsLast(long[] input);
}
