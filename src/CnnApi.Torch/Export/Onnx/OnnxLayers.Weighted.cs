using Onnx;
using CnnApi.Architectures.Layers;
using CnnApi.Torch.Networks;
using static CnnApi.Torch.Export.Onnx.OnnxGraph;

namespace CnnApi.Torch.Export.Onnx;

/// <summary>Convolutions, Dense, pooling and the normalisations, as their modules in <c>Networks/</c> compute them.</summary>
internal sealed partial class OnnxLayers
{
    /// <summary>A convolution with TF "same" padding (ONNX pads may be asymmetric: the extra row/column at the bottom/right).</summary>
    private OnnxValue Convolution(string path, OnnxValue x, long[] shape, Size2 kernel, Size2 strides, Size2 dilation,
        Padding padding, long group, string weight, bool useBias)
    {
        var pad = SamePadding.For(padding, shape, kernel, strides, dilation);
        List<string> inputs = [x.Name, Weight(path, weight)];
        if (useBias) inputs.Add(Weight(path, "bias"));
        return x with
        {
            Name = graph.Node(path, "Conv", inputs, Ints("kernel_shape", kernel.Height, kernel.Width),
                Ints("strides", strides.Height, strides.Width), Ints("dilations", dilation.Height, dilation.Width),
                Ints("pads", pad.Top, pad.Left, pad.Bottom, pad.Right), Int("group", group)),
        };
    }

    private OnnxValue Separable(string path, OnnxValue x, long[] shape, SeparableConv2D s)
    {
        var spread = Convolution(path, x, shape, s.KernelSize, s.Strides, s.DilationRate, s.Padding, shape[2], "depthwise", useBias: false);
        var one = Size2.Square(1);
        return Activate(path, Convolution(path, spread, shape, one, one, one, Padding.Valid, 1, "pointwise", s.UseBias), s.Activation);
    }

    /// <summary>Torch's full transposed convolution (with the output padding it needs), then the window TensorFlow keeps.</summary>
    private OnnxValue Transposed(string path, OnnxValue x, long[] shape, Conv2DTranspose t)
    {
        var (extra, start, output) = KerasConv2DTranspose.Geometry(t, shape);
        List<string> inputs = [x.Name, Weight(path, "weight")];
        if (t.UseBias) inputs.Add(Weight(path, "bias"));
        var full = graph.Node(path, "ConvTranspose", inputs, Ints("kernel_shape", t.KernelSize.Height, t.KernelSize.Width),
            Ints("strides", t.Strides.Height, t.Strides.Width), Ints("dilations", t.DilationRate.Height, t.DilationRate.Width),
            Ints("output_padding", extra), Ints("pads", 0, 0, 0, 0));
        var window = Crop(path, x with { Name = full }, start[0], start[0] + output[0], start[1], start[1] + output[1]);
        return Activate(path, window, t.Activation);
    }

    /// <summary>Dense on the last Keras axis: MatMul by the transposed torch weight (an image runs channels-last and back).</summary>
    private OnnxValue Dense(string path, OnnxValue x, long[] shape, Dense d)
    {
        var weight = weights[path + ".weight"];
        long units = weight.Shape[0], features = weight.Shape[1];
        float[] Transposed()
        {
            var transposed = new float[weight.Data.Length];
            for (long u = 0; u < units; u++)
                for (long f = 0; f < features; f++)
                    transposed[f * units + u] = weight.Data[u * features + f];
            return transposed;
        }
        var k = ToKeras(path, x);
        var y = graph.Node(path, "MatMul", [k.Name, Derived(path, "kernel", Transposed, features, units)]);
        if (d.UseBias) y = graph.Node(path, "Add", [y, Weight(path, "bias")]);
        return Activate(path, FromKeras(path, k with { Name = y }), d.Activation);
    }

    /// <summary>Max pooling ignores the padded cells; average pooling divides by the real cells only (count_include_pad 0), as TensorFlow.</summary>
    private OnnxValue Pooling(string path, OnnxValue x, long[] shape, Pooling2D p)
    {
        var pad = SamePadding.For(p.Padding, shape, p.PoolSize, p.Strides, Size2.Square(1));
        AttributeProto[] attributes = [Ints("kernel_shape", p.PoolSize.Height, p.PoolSize.Width), Ints("strides", p.Strides.Height, p.Strides.Width),
            Ints("pads", pad.Top, pad.Left, pad.Bottom, pad.Right)];
        return x with
        {
            Name = p.Kind == PoolKind.Max ? graph.Node(path, "MaxPool", x.Name, attributes)
                : graph.Node(path, "AveragePool", x.Name, [.. attributes, Int("count_include_pad", 0)]),
        };
    }

    /// <summary>Inference batch normalisation folded into one scale and one shift per channel, on whichever axis the layer names.</summary>
    private OnnxValue BatchNorm(string path, OnnxValue x, long[] shape, BatchNormalization b)
    {
        var dim = Layout.Dim(NetworkBuilder.Axis(b.Axis, shape.Length), shape.Length);
        var mean = weights[path + ".running_mean"].Data;
        var variance = weights[path + ".running_var"].Data;
        var gamma = weights.GetValueOrDefault(path + ".weight")?.Data;
        var beta = weights.GetValueOrDefault(path + ".bias")?.Data;
        var scale = new float[mean.Length];
        var shift = new float[mean.Length];
        for (var c = 0; c < mean.Length; c++)
        {
            var s = (gamma?[c] ?? 1.0) / Math.Sqrt(variance[c] + b.Epsilon);
            scale[c] = (float)s;
            shift[c] = (float)((beta?[c] ?? 0.0) - mean[c] * s);
        }
        var dims = Enumerable.Repeat(1L, x.Rank).ToArray();
        dims[dim] = mean.Length;
        var scaled = graph.Node(path, "Mul", [x.Name, Derived(path, "scale", () => scale, dims)]);
        return x with { Name = graph.Node(path, "Add", [scaled, Derived(path, "shift", () => shift, dims)]) };
    }

    /// <summary>(x − mean) / √(variance + ε) over the layer's Keras axes, then gamma and beta.</summary>
    private OnnxValue LayerNorm(string path, OnnxValue x, long[] shape, LayerNormalization n)
    {
        var axes = n.Resolve(shape.Length) ?? throw new ArgumentException($"layer {path}: axes do not fit");
        var dims = Ints("axes", axes.Select(a => (long)a + 1).ToArray());
        var k = ToKeras(path, x);
        var centred = graph.Node(path, "Sub", [k.Name, graph.Node(path, "ReduceMean", k.Name, dims, Int("keepdims", 1))]);
        var variance = graph.Node(path, "ReduceMean", graph.Node(path, "Mul", [centred, centred]), dims, Int("keepdims", 1));
        var y = graph.Node(path, "Div", [centred, graph.Node(path, "Sqrt", graph.Node(path, "Add", [variance, graph.Scalar(path, "epsilon", n.Epsilon)]))]);
        if (n.Scale) y = graph.Node(path, "Mul", [y, Weight(path, "gamma")]);
        if (n.Center) y = graph.Node(path, "Add", [y, Weight(path, "beta")]);
        return FromKeras(path, k with { Name = y });
    }
}
