namespace CnnApi.Architectures.Layers;

/// <summary>
/// A Keras layer with every default resolved. Subclasses are immutable records, one per Keras class,
/// each knowing its own shape rule, parameter count and multiply-accumulate count.
/// Shapes are channels-last and carry no batch dimension.
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

    /// <summary>
    /// Applies the layer to an input shape (no batch dimension). Returns the output shape and the counts,
    /// or an error message naming the layer type, its input shape and why it does not fit.
    /// Arithmetic is <c>checked</c>: an overflow surfaces as <see cref="OverflowException"/>, which the
    /// summarizer turns into an error.
    /// </summary>
    internal abstract LayerMath Apply(long[] input);
}
