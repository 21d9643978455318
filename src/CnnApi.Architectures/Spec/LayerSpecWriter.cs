using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>The spec of a resolved layer, every Keras default written out: one case per layer record, failing on an unknown one.</summary>
public sealed partial record LayerSpec
{
    /// <summary>The spec of a resolved layer.</summary>
    public static LayerSpec From(Layer layer)
    {
        var spec = layer switch
        {
            Conv2D c => new LayerSpec("Conv2D")
            {
                Filters = c.Filters, KernelSize = Json(c.KernelSize), Strides = Json(c.Strides), Padding = Json(Text(c.Padding)),
                Activation = Activations.Name(c.Activation), UseBias = c.UseBias, DilationRate = Json(c.DilationRate),
            },
            SeparableConv2D s => new LayerSpec("SeparableConv2D")
            {
                Filters = s.Filters, KernelSize = Json(s.KernelSize), Strides = Json(s.Strides), Padding = Json(Text(s.Padding)), DepthMultiplier = s.DepthMultiplier,
                Activation = Activations.Name(s.Activation), UseBias = s.UseBias, DilationRate = Json(s.DilationRate),
            },
            DepthwiseConv2D d => new LayerSpec("DepthwiseConv2D")
            {
                KernelSize = Json(d.KernelSize), Strides = Json(d.Strides), Padding = Json(Text(d.Padding)), DepthMultiplier = d.DepthMultiplier,
                Activation = Activations.Name(d.Activation), UseBias = d.UseBias, DilationRate = Json(d.DilationRate),
            },
            Conv2DTranspose t => new LayerSpec("Conv2DTranspose")
            {
                Filters = t.Filters, KernelSize = Json(t.KernelSize), Strides = Json(t.Strides), Padding = Json(Text(t.Padding)),
                OutputPadding = t.OutputPadding is { } op ? Json(op) : null,
                Activation = Activations.Name(t.Activation), UseBias = t.UseBias, DilationRate = Json(t.DilationRate),
            },
            Pooling2D p => new LayerSpec(p.KerasClass) { PoolSize = Json(p.PoolSize), Strides = Json(p.Strides), Padding = Json(Text(p.Padding)) },
            GlobalPooling2D g => new LayerSpec(g.KerasClass),
            Dense d => new LayerSpec("Dense") { Units = d.Units, Activation = Activations.Name(d.Activation), UseBias = d.UseBias },
            BatchNormalization b => new LayerSpec("BatchNormalization")
            {
                Axis = Json(b.Axis), Epsilon = b.Epsilon, Momentum = b.Momentum, Center = b.Center, Scale = Json(b.Scale),
            },
            LayerNormalization n => new LayerSpec("LayerNormalization") { Axis = Json(n.Axes), Epsilon = n.Epsilon, Center = n.Center, Scale = Json(n.Scale) },
            Dropout d => new LayerSpec("Dropout") { Rate = d.Rate },
            SpatialDropout2D d => new LayerSpec("SpatialDropout2D") { Rate = d.Rate },
            GaussianDropout d => new LayerSpec("GaussianDropout") { Rate = d.Rate },
            GaussianNoise n => new LayerSpec("GaussianNoise") { Stddev = n.Stddev },
            Flatten => new LayerSpec("Flatten"),
            Activation a => new LayerSpec("Activation") { Activation = Activations.Name(a.Kind) },
            ReLU r => new LayerSpec("ReLU") { MaxValue = r.MaxValue, NegativeSlope = r.NegativeSlope, Threshold = r.Threshold },
            LeakyReLU r => new LayerSpec("LeakyReLU") { NegativeSlope = r.NegativeSlope },
            ELU e => new LayerSpec("ELU") { Alpha = e.Alpha },
            PReLU p => new LayerSpec("PReLU") { SharedAxes = p.SharedAxes.Count > 0 ? p.SharedAxes : null },
            Softmax s => new LayerSpec("Softmax") { Axis = Json(s.Axis) },
            ZeroPadding2D z => new LayerSpec("ZeroPadding2D") { Padding = Json(z.Padding) },
            Cropping2D c => new LayerSpec("Cropping2D") { Cropping = Json(c.Cropping) },
            UpSampling2D u => new LayerSpec("UpSampling2D") { Size = Json(u.Size), Interpolation = Text(u.Interpolation) },
            Reshape r => new LayerSpec("Reshape") { TargetShape = r.TargetShape },
            Permute p => new LayerSpec("Permute") { Dims = p.Dims },
            Rescaling r => new LayerSpec("Rescaling") { Scale = Json(r.Scale), Offset = r.Offset },
            Resizing r => new LayerSpec("Resizing") { Height = r.Height, Width = r.Width, Interpolation = Text(r.Interpolation), CropToAspectRatio = r.CropToAspectRatio },
            RandomFlip f => new LayerSpec("RandomFlip") { Mode = f.Mode switch { FlipMode.Horizontal => "horizontal", FlipMode.Vertical => "vertical", _ => "horizontal_and_vertical" } },
            RandomRotation r => new LayerSpec("RandomRotation") { Factor = Range(r.Factor), FillMode = Text(r.FillMode), Interpolation = Text(r.Interpolation) },
            RandomTranslation t => new LayerSpec("RandomTranslation")
            {
                HeightFactor = Range(t.HeightFactor), WidthFactor = Range(t.WidthFactor), FillMode = Text(t.FillMode), Interpolation = Text(t.Interpolation),
            },
            RandomZoom z => new LayerSpec("RandomZoom")
            {
                HeightFactor = Range(z.HeightFactor), WidthFactor = z.WidthFactor is { } w ? Range(w) : null, FillMode = Text(z.FillMode), Interpolation = Text(z.Interpolation),
            },
            Merge m => new LayerSpec(m.KerasClass),
            Concatenate c => new LayerSpec("Concatenate") { Axis = Json(c.Axis) },
            NestedModel n => Nested(n),
            _ => throw new NotSupportedException($"LayerSpec.From does not know {layer.GetType().Name} ({layer.KerasClass})"),
        };
        var channelsFirst = layer is SpatialLayer { ChannelsFirst: true } or Flatten { ChannelsFirst: true };
        spec = channelsFirst ? spec with { DataFormat = "channels_first" } : spec;
        return layer.Trainable ? spec : spec with { Trainable = false };
    }

    private static LayerSpec Nested(NestedModel n)
    {
        var inner = ArchitectureSpec.From(n.Model);
        return new LayerSpec(n.ModelClass == "Sequential" ? "Sequential" : "Functional")
        {
            Name = n.Model.Name, InputShape = inner.InputShape.Length > 0 ? inner.InputShape : null, Layers = inner.Layers,
        };
    }

    private static string Text(Architectures.Layers.Padding padding) => padding == Architectures.Layers.Padding.Same ? "same" : "valid";

    private static string Text(Architectures.Layers.Interpolation interpolation) => interpolation == Architectures.Layers.Interpolation.Nearest ? "nearest" : "bilinear";

    private static string Text(Architectures.Layers.FillMode fill) => fill.ToString().ToLowerInvariant();

    private static double[] Range(FactorRange range) => [range.Lower, range.Upper];

    private static JsonElement Json(Size2 size) => size.IsSquare ? Json(size.Height) : Json(new[] { size.Height, size.Width });

    private static JsonElement Json(Margins m) => Json(new[] { new[] { m.Top, m.Bottom }, new[] { m.Left, m.Right } });

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value);
}
