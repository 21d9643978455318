using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>Builds a layer of a <see cref="LayerCatalog"/> type from its fields with Keras's defaults (cited on each record).</summary>
internal static class LayerBuilder
{
    private const int MaxFactor = 1000;

    /// <summary>Builds the layer, or returns null when <paramref name="f"/> recorded an error.</summary>
    public static Layer? Build(string type, LayerFields f)
    {
        Layer? layer = type switch
        {
            "Conv2D" => Conv(f),
            "SeparableConv2D" => Separable(f),
            "DepthwiseConv2D" => Depthwise(f),
            "Conv2DTranspose" => Transpose(f),
            "MaxPooling2D" => Pool(PoolKind.Max, f),
            "AveragePooling2D" => Pool(PoolKind.Average, f),
            "GlobalAveragePooling2D" => new GlobalPooling2D(PoolKind.Average),
            "GlobalMaxPooling2D" => new GlobalPooling2D(PoolKind.Max),
            "BatchNormalization" => new BatchNormalization(
                f.Number("epsilon", 0, 1) ?? 1e-3, f.Number("momentum", 0, 1) ?? 0.99,
                f.Bool("center") ?? true, f.Bool("scale") ?? true) { Axis = f.Ints("axis", -8, 8, 1, single: true)?[0] ?? -1 },
            "LayerNormalization" => new LayerNormalization(f.Ints("axis", -8, 8, 8, single: true) ?? [-1],
                f.Number("epsilon", 0, 1) ?? 1e-3, f.Bool("center") ?? true, f.Bool("scale") ?? true),
            "Dropout" => new Dropout(f.RequiredNumber("rate", 0, 1, maxExclusive: true)),
            "SpatialDropout2D" => new SpatialDropout2D(f.RequiredNumber("rate", 0, 1, maxExclusive: true)),
            "GaussianDropout" => new GaussianDropout(f.RequiredNumber("rate", 0, 1, maxExclusive: true)),
            "GaussianNoise" => new GaussianNoise(f.RequiredNumber("stddev", 0, 1e6)),
            "Flatten" => new Flatten(),
            "Dense" => new Dense(f.Int("units", 1, SpecLimits.MaxUnits, required: true) ?? 0,
                f.Activation() ?? ActivationKind.Linear, f.Bool("useBias") ?? true),
            "Activation" => new Activation(f.Activation(required: true) ?? ActivationKind.Linear),
            "ReLU" => new ReLU(f.Number("maxValue", 0, double.MaxValue), f.Number("negativeSlope", 0, 1e6) ?? 0, f.Number("threshold", -1e6, 1e6) ?? 0),
            "LeakyReLU" => LeakyRelu(f),
            "ELU" => new ELU(f.Number("alpha", -1e6, 1e6) ?? 1.0),
            "PReLU" => new PReLU(f.Ints("sharedAxes", 1, 8, 8, single: true) ?? []),
            "Softmax" => new Softmax(f.Ints("axis", -8, 8, 1, single: true)?[0] ?? -1),
            "ZeroPadding2D" => new ZeroPadding2D(f.Margins("padding", SpecLimits.MaxSide) ?? Margins.Uniform(1)),
            "Cropping2D" => new Cropping2D(f.Margins("cropping", SpecLimits.MaxSide) ?? Margins.Uniform(0)),
            "UpSampling2D" => new UpSampling2D(f.Size("size", 64) ?? Size2.Square(2), f.Interpolation() ?? Interpolation.Nearest),
            "Reshape" => new Reshape(TargetShape(f)),
            "Permute" => new Permute(f.Ints("dims", 1, 8, 8, required: true) ?? []),
            "Rescaling" => new Rescaling(f.RequiredNumber("scale", -1e9, 1e9), f.Number("offset", -1e9, 1e9) ?? 0),
            "Resizing" => new Resizing(f.Int("height", 1, SpecLimits.MaxSide, required: true) ?? 1, f.Int("width", 1, SpecLimits.MaxSide, required: true) ?? 1,
                f.Interpolation() ?? Interpolation.Bilinear, f.Bool("cropToAspectRatio") ?? false),
            "RandomFlip" => new RandomFlip(f.Choice("mode", ("horizontal", FlipMode.Horizontal), ("vertical", FlipMode.Vertical),
                ("horizontal_and_vertical", FlipMode.HorizontalAndVertical)) ?? FlipMode.HorizontalAndVertical),
            "RandomRotation" => new RandomRotation(f.Factor("factor", MaxFactor, required: true) ?? default, f.FillMode() ?? FillMode.Reflect,
                f.Interpolation() ?? Interpolation.Bilinear),
            "RandomTranslation" => new RandomTranslation(f.Factor("heightFactor", 1, required: true) ?? default,
                f.Factor("widthFactor", 1, required: true) ?? default, f.FillMode() ?? FillMode.Reflect, f.Interpolation() ?? Interpolation.Bilinear),
            "RandomZoom" => new RandomZoom(f.Factor("heightFactor", 0.99, required: true) ?? default, f.Factor("widthFactor", 0.99),
                f.FillMode() ?? FillMode.Reflect, f.Interpolation() ?? Interpolation.Bilinear),
            "Add" => new Merge(MergeKind.Add),
            "Subtract" => new Merge(MergeKind.Subtract),
            "Multiply" => new Merge(MergeKind.Multiply),
            "Average" => new Merge(MergeKind.Average),
            "Maximum" => new Merge(MergeKind.Maximum),
            "Minimum" => new Merge(MergeKind.Minimum),
            "Concatenate" => new Concatenate(f.Ints("axis", -8, 8, 1, single: true)?[0] ?? -1),
            _ => null,
        };
        var trainable = f.Bool("trainable") ?? true;
        if (layer is SpatialLayer spatial)
            layer = spatial with { ChannelsFirst = f.ChannelsFirst() };
        else if (layer is Flatten flatten)
            layer = flatten with { ChannelsFirst = f.ChannelsFirst() };
        return layer is null || f.Failed ? null : layer with { Trainable = trainable };
    }

    private static Conv2D Conv(LayerFields f)
    {
        var (kernel, strides, dilation) = Window(f);
        return new Conv2D(f.Int("filters", 1, SpecLimits.MaxUnits, required: true) ?? 0, kernel, strides, f.Padding() ?? Padding.Valid,
            f.Activation() ?? ActivationKind.Linear, f.Bool("useBias") ?? true, dilation);
    }

    private static SeparableConv2D Separable(LayerFields f)
    {
        var (kernel, strides, dilation) = Window(f);
        return new SeparableConv2D(f.Int("filters", 1, SpecLimits.MaxUnits, required: true) ?? 0, kernel, strides, f.Padding() ?? Padding.Valid,
            f.Int("depthMultiplier", 1, 1024) ?? 1, f.Activation() ?? ActivationKind.Linear, f.Bool("useBias") ?? true, dilation);
    }

    private static DepthwiseConv2D Depthwise(LayerFields f)
    {
        var (kernel, strides, dilation) = Window(f);
        return new DepthwiseConv2D(kernel, strides, f.Padding() ?? Padding.Valid, f.Int("depthMultiplier", 1, 1024) ?? 1,
            f.Activation() ?? ActivationKind.Linear, f.Bool("useBias") ?? true, dilation);
    }

    private static Conv2DTranspose Transpose(LayerFields f)
    {
        var (kernel, strides, dilation) = Window(f);
        Size2? extra = null;
        if (f.Has("outputPadding") && f.Size0("outputPadding", SpecLimits.MaxWindow) is { } op)
        {
            extra = op;
            if (op.Height >= Math.Max(strides.Height, dilation.Height) || op.Width >= Math.Max(strides.Width, dilation.Width))
                f.Error("outputPadding", $"output_padding ({op}) must be smaller than the strides ({strides}) or the dilation rate, as in Keras");
        }
        return new Conv2DTranspose(f.Int("filters", 1, SpecLimits.MaxUnits, required: true) ?? 0, kernel, strides, f.Padding() ?? Padding.Valid,
            extra, f.Activation() ?? ActivationKind.Linear, f.Bool("useBias") ?? true, dilation);
    }

    /// <summary>Kernel (required), strides and dilation (default 1); Keras refuses strides and dilation both above 1.</summary>
    private static (Size2 Kernel, Size2 Strides, Size2 Dilation) Window(LayerFields f)
    {
        var kernel = f.Size("kernelSize", SpecLimits.MaxWindow, required: true) ?? Size2.Square(1);
        var strides = f.Size("strides", SpecLimits.MaxWindow) ?? Size2.Square(1);
        var dilation = f.Size("dilationRate", SpecLimits.MaxWindow) ?? Size2.Square(1);
        if (strides != Size2.Square(1) && dilation != Size2.Square(1))
            f.Error("strides", $"a convolution may not have both strides ({strides}) and a dilation rate ({dilation}) above 1, as in Keras");
        return (kernel, strides, dilation);
    }

    private static Pooling2D Pool(PoolKind kind, LayerFields f)
    {
        var pool = f.Size("poolSize", SpecLimits.MaxWindow) ?? Size2.Square(2);
        return new Pooling2D(kind, pool, f.Size("strides", SpecLimits.MaxWindow) ?? pool, f.Padding() ?? Padding.Valid);
    }

    private static LeakyReLU LeakyRelu(LayerFields f)
    {
        if (f.Has("negativeSlope") && f.Has("alpha"))
            f.Error("alpha", "give negative_slope (Keras 3) or alpha (Keras 2), not both");
        return new LeakyReLU(f.Number("negativeSlope", 0, 1e6) ?? f.Number("alpha", 0, 1e6) ?? 0.3);
    }

    /// <summary>Reshape's target: 1 to 8 sides, each at least 1, one of them −1 at most.</summary>
    private static int[] TargetShape(LayerFields f)
    {
        var target = f.Ints("targetShape", -1, SpecLimits.MaxUnits, 8, required: true) ?? [];
        if (target.Contains(0) || target.Count(d => d == -1) > 1)
            f.Error("targetShape", "targetShape takes sides of at least 1 and at most one −1 (inferred)");
        return target;
    }
}
