namespace CnnApi.Architectures.Layers;

/// <summary>
/// A Keras layer with every default resolved. Subclasses are immutable records, one per Keras class.
/// Shapes are channels-last and carry no batch dimension.
/// </summary>
public abstract record Layer
{
    /// <summary>The Keras class name, as in <c>model.summary()</c>: "Conv2D", "MaxPooling2D", …</summary>
    public abstract string KerasClass { get; }

    /// <summary>The stem Keras names a fresh layer with: "conv2d", "max_pooling2d", "batch_normalization", …</summary>
    public abstract string NameStem { get; }
}

/// <summary>2-D convolution.</summary>
public sealed record Conv2D(int Filters, Size2 KernelSize, Size2 Strides, Padding Padding,
    ActivationKind Activation, bool UseBias, Size2 DilationRate) : Layer
{
    public override string KerasClass => "Conv2D";
    public override string NameStem => "conv2d";
}

/// <summary>Fully connected layer, applied to the last axis (as Keras does when its input is not flat).</summary>
public sealed record Dense(int Units, ActivationKind Activation, bool UseBias) : Layer
{
    public override string KerasClass => "Dense";
    public override string NameStem => "dense";
}

/// <summary>MaxPooling2D or AveragePooling2D.</summary>
public sealed record Pooling2D(PoolKind Kind, Size2 PoolSize, Size2 Strides, Padding Padding) : Layer
{
    public override string KerasClass => Kind == PoolKind.Max ? "MaxPooling2D" : "AveragePooling2D";
    public override string NameStem => Kind == PoolKind.Max ? "max_pooling2d" : "average_pooling2d";
}

/// <summary>GlobalMaxPooling2D or GlobalAveragePooling2D.</summary>
public sealed record GlobalPooling2D(PoolKind Kind) : Layer
{
    public override string KerasClass => Kind == PoolKind.Max ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";
    public override string NameStem => Kind == PoolKind.Max ? "global_max_pooling2d" : "global_average_pooling2d";
}

/// <summary>Batch normalisation over the last axis; Keras defaults epsilon 1e-3, momentum 0.99, center and scale on.</summary>
public sealed record BatchNormalization(double Epsilon = 1e-3, double Momentum = 0.99, bool Center = true, bool Scale = true) : Layer
{
    public override string KerasClass => "BatchNormalization";
    public override string NameStem => "batch_normalization";
}

/// <summary>Dropout with the given rate (active only in training).</summary>
public sealed record Dropout(double Rate) : Layer
{
    public override string KerasClass => "Dropout";
    public override string NameStem => "dropout";
}

/// <summary>Flattens everything but the batch dimension.</summary>
public sealed record Flatten : Layer
{
    public override string KerasClass => "Flatten";
    public override string NameStem => "flatten";
}

/// <summary>A standalone activation.</summary>
public sealed record Activation(ActivationKind Kind) : Layer
{
    public override string KerasClass => "Activation";
    public override string NameStem => "activation";
}
