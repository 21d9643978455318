using CnnApi.Architectures.Layers;
using CnnApi.Torch.Networks;

namespace CnnApi.Torch.Export.Code;

/// <summary>
/// What each layer computes, written with a <see cref="CodeTarget"/>'s syntax: the same operations, in the same order and
/// layout, as the TorchSharp modules in <c>Networks/</c> (3-D Keras tensors held NCHW, Keras axis order restored where
/// Keras semantics need it). One switch over the closed set of layers; an unknown layer fails loudly.
/// </summary>
internal static class LayerCode
{
    /// <summary>The assignments of one step, the last one to <see cref="CodeStep.Output"/>.</summary>
    public static IReadOnlyList<(string Var, string Expr)> Emit(CodeStep step, CodeTarget t)
    {
        var lines = new List<(string, string)>();
        var x = step.Inputs[0];
        var rank = step.InputShapes[0].Length;
        if (step.ChannelsFirst && rank == 3)
        {
            lines.Add((step.Output + "_k", t.Permute(x, 0, 2, 3, 1)));
            x = step.Output + "_k";
        }
        var expression = step.Layer switch
        {
            Merge m => Merge(step, m.Kind, t),
            Concatenate c => t.Cat(step.Inputs, Layout.Dim(StateTensors.Axis(c.Axis, rank), rank)),
            _ => Single(step, x, step.ModuleShape, lines, t),
        };
        if (step.ChannelsFirst && step.OutputShape.Length == 3)
            expression = t.Permute(expression, 0, 3, 1, 2);
        lines.Add((step.Output, expression));
        return lines;
    }

    private static string Single(CodeStep step, string x, long[] shape, List<(string, string)> lines, CodeTarget t)
    {
        string W(string name) => t.Weight(step.Owner!, name);
        string Bias(bool useBias) => useBias ? W("bias") : t.None;
        long[] Pair(Size2 s) => [s.Height, s.Width];
        string ToKeras(string v, int r) => r == 3 ? t.Permute(v, 0, 2, 3, 1) : v;
        string FromKeras(string v, int r) => r == 3 ? t.Permute(v, 0, 3, 1, 2) : v;
        string Padded(SamePadding p, bool negativeInfinity = false) => p.IsZero ? x : t.Pad(x, p.ForPad, negativeInfinity);
        int rank = shape.Length, outRank = step.OutputShape.Length;
        switch (step.Layer)
        {
            case Conv2D c:
                var pad = SamePadding.For(c.Padding, shape, c.KernelSize, c.Strides, c.DilationRate);
                return t.Activation(pad.IsSymmetric
                    ? t.Conv2d(x, W("weight"), Bias(c.UseBias), Pair(c.Strides), [pad.Top, pad.Left], Pair(c.DilationRate))
                    : t.Conv2d(t.Pad(x, pad.ForPad), W("weight"), Bias(c.UseBias), Pair(c.Strides), [0, 0], Pair(c.DilationRate)), c.Activation);
            case DepthwiseConv2D d:
                var depthPad = SamePadding.For(d.Padding, shape, d.KernelSize, d.Strides, d.DilationRate);
                return t.Activation(t.Conv2d(Padded(depthPad), W("weight"), Bias(d.UseBias), Pair(d.Strides), [0, 0], Pair(d.DilationRate), shape[2]), d.Activation);
            case SeparableConv2D s:
                var sepPad = SamePadding.For(s.Padding, shape, s.KernelSize, s.Strides, s.DilationRate);
                var spread = t.Conv2d(Padded(sepPad), W("depthwise"), t.None, Pair(s.Strides), [0, 0], Pair(s.DilationRate), shape[2]);
                return t.Activation(t.Conv2d(spread, W("pointwise"), Bias(s.UseBias), [1, 1], [0, 0], [1, 1]), s.Activation);
            case Conv2DTranspose tr:
                var (extra, start, length) = KerasConv2DTranspose.Geometry(tr, shape);
                var full = t.ConvTranspose2d(x, W("weight"), Bias(tr.UseBias), Pair(tr.Strides), extra, Pair(tr.DilationRate));
                return t.Activation(t.Narrow(t.Narrow(full, 2, start[0], length[0]), 3, start[1], length[1]), tr.Activation);
            case Dense d:
                return t.Activation(rank == 3
                    ? t.Permute(t.Linear(t.Permute(x, 0, 2, 3, 1), W("weight"), Bias(d.UseBias)), 0, 3, 1, 2)
                    : t.Linear(x, W("weight"), Bias(d.UseBias)), d.Activation);
            case Pooling2D p:
                var poolPad = SamePadding.For(p.Padding, shape, p.PoolSize, p.Strides, Size2.Square(1));
                if (p.Kind == PoolKind.Max || poolPad.IsZero)
                    return t.Pool(p.Kind, Padded(poolPad, negativeInfinity: true), Pair(p.PoolSize), Pair(p.Strides));
                // TensorFlow averages the real (unpadded) cells only: the zero-padded sums over a padded ones mask.
                var counts = t.Pool(p.Kind, t.Pad(t.Ones(shape[0], shape[1], x), poolPad.ForPad), Pair(p.PoolSize), Pair(p.Strides));
                return t.Binary("/", t.Pool(p.Kind, t.Pad(x, poolPad.ForPad), Pair(p.PoolSize), Pair(p.Strides)), counts);
            case GlobalPooling2D g:
                return t.Reduce(x, g.Kind == PoolKind.Max ? "amax" : "mean", [2, 3], keepDim: false);
            case BatchNormalization b:
                var axis = StateTensors.Axis(b.Axis, rank);
                string Norm(string v) => t.BatchNorm(v, W("running_mean"), W("running_var"), b.Scale ? W("weight") : t.None,
                    b.Center ? W("bias") : t.None, 1 - b.Momentum, b.Epsilon);
                if (Layout.Dim(axis, rank) == 1) return Norm(x);
                var moved = t.Method(ToKeras(x, rank), "movedim", t.Longs([axis + 1L]), t.Longs([1L]));
                return FromKeras(t.Method(Norm(moved), "movedim", t.Longs([1L]), t.Longs([axis + 1L])), rank);
            case LayerNormalization n:
                var dims = n.Resolve(rank)!.Select(a => a + 1L).ToArray();
                string k = step.Output + "_k", mean = step.Output + "_mean", variance = step.Output + "_var";
                lines.Add((k, ToKeras(x, rank)));
                lines.Add((mean, t.Reduce(k, "mean", dims, keepDim: true)));
                lines.Add((variance, t.Reduce(t.Method(t.Binary("-", k, mean), "square"), "mean", dims, keepDim: true)));
                var normalised = t.Binary("/", t.Binary("-", k, mean), t.Method(t.Binary("+", variance, CodeTarget.Num(n.Epsilon)), "sqrt"));
                if (n.Scale) normalised = t.Binary("*", normalised, W("gamma"));
                if (n.Center) normalised = t.Binary("+", normalised, W("beta"));
                return FromKeras(normalised, rank);
            case Dropout d:
                return t.Function("dropout", x, CodeTarget.Num(d.Rate), t.Training);
            case SpatialDropout2D d:
                return t.Function("dropout2d", x, CodeTarget.Num(d.Rate), t.Training);
            case GaussianNoise g:
                return Train(t, x, t.Binary("+", x, t.Binary("*", t.Function("randn_like", x), CodeTarget.Num(g.Stddev))));
            case GaussianDropout g:
                var noise = t.Binary("+", t.Binary("*", t.Function("randn_like", x), CodeTarget.Num(Math.Sqrt(g.Rate / (1 - g.Rate)))), "1");
                return g.Rate == 0 ? x : Train(t, x, t.Binary("*", x, noise));
            case RandomFlip or RandomRotation or RandomTranslation or RandomZoom:
                return x; // Keras runs these augmentations only while training; at inference they pass the image through.
            case Flatten f:
                var keras = ToKeras(x, rank);
                if (f.ChannelsFirst && rank >= 2)
                    keras = t.Permute(keras, [0, .. Enumerable.Range(2, rank - 1).Select(i => (long)i), 1]);
                return t.Method(keras, "flatten", "1");
            case Activation a:
                return t.Activation(x, a.Kind);
            case ReLU { NegativeSlope: 0, Threshold: 0 } r:
                return r.MaxValue is { } cap ? t.Method(x, "clamp", "0.0", CodeTarget.Num(cap)) : t.Function("relu", x);
            case ReLU r:
                var below = t.Binary("*", t.Binary("-", x, CodeTarget.Num(r.Threshold)), CodeTarget.Num(r.NegativeSlope));
                var relu = t.Where(t.GreaterOrEqual(x, r.Threshold), x, below);
                return r.MaxValue is { } max ? t.Method(relu, "clamp_max", CodeTarget.Num(max)) : relu;
            case LeakyReLU r:
                return t.Function("leaky_relu", x, CodeTarget.Num(r.NegativeSlope));
            case ELU e:
                return t.Function("elu", x, CodeTarget.Num(e.Alpha));
            case PReLU:
                return t.Binary("-", t.Function("relu", x), t.Binary("*", W("alpha"), t.Function("relu", "-" + x)));
            case Softmax s:
                return t.Function("softmax", x, CodeTarget.Num(Layout.Dim(StateTensors.Axis(s.Axis, rank), rank)));
            case Rescaling r:
                return t.Binary("+", t.Binary("*", x, CodeTarget.Num(r.Scale)), CodeTarget.Num(r.Offset));
            case ZeroPadding2D z:
                return t.Pad(x, [z.Padding.Left, z.Padding.Right, z.Padding.Top, z.Padding.Bottom]);
            case Cropping2D c:
                var m = c.Cropping;
                return t.Narrow(t.Narrow(x, 2, m.Top, shape[0] - m.Top - m.Bottom), 3, m.Left, shape[1] - m.Left - m.Right);
            case UpSampling2D u:
                return u.Interpolation == Interpolation.Bilinear
                    ? t.Interpolate(x, shape[0] * u.Size.Height, shape[1] * u.Size.Width, bilinear: true)
                    : t.Method(t.Method(x, "repeat_interleave", CodeTarget.Num((long)u.Size.Height), "2"), "repeat_interleave", CodeTarget.Num((long)u.Size.Width), "3");
            case Resizing r:
                return t.Interpolate(Crop(r, x, shape, t), r.Height, r.Width, r.Interpolation == Interpolation.Bilinear);
            case Reshape:
                var target = t.Method(ToKeras(x, rank), "reshape", [t.Method(x, "size", "0"), .. step.OutputShape.Select(CodeTarget.Num)]);
                return FromKeras(target, outRank);
            case Permute p:
                return FromKeras(t.Permute(ToKeras(x, rank), [0, .. p.Dims.Select(d => (long)d)]), outRank);
            default:
                throw new ArgumentException($"layer {step.Name}: {step.Layer.KerasClass} has no generated code");
        }
    }

    private static string Train(CodeTarget t, string x, string whileTraining) => t.IfTraining(whileTraining, x);

    private static string Crop(Resizing r, string x, long[] shape, CodeTarget t)
    {
        if (!r.CropToAspectRatio) return x;
        long h = shape[0], w = shape[1];
        long cropH = Math.Min(h, (long)Math.Round(w * (double)r.Height / r.Width));
        long cropW = Math.Min(w, (long)Math.Round(h * (double)r.Width / r.Height));
        return t.Narrow(t.Narrow(x, 2, (h - cropH) / 2, cropH), 3, (w - cropW) / 2, cropW);
    }

    private static string Merge(CodeStep step, MergeKind kind, CodeTarget t)
    {
        var sameRank = step.InputShapes.All(s => s.Length == step.InputShapes[0].Length);
        var rank = step.InputShapes.Max(s => s.Length);
        var xs = step.Inputs.Select((v, i) => !sameRank && step.InputShapes[i].Length == 3 ? t.Permute(v, 0, 2, 3, 1) : v)
            .Select((v, i) => step.InputShapes[i].Length == rank ? v
                : t.Method(v, "reshape", [t.Method(v, "size", "0"), .. Enumerable.Repeat("1", rank - step.InputShapes[i].Length), .. step.InputShapes[i].Select(CodeTarget.Num)]))
            .ToList();
        var y = kind switch
        {
            MergeKind.Add => xs.Skip(1).Aggregate(xs[0], (a, b) => t.Binary("+", a, b)),
            MergeKind.Subtract => t.Binary("-", xs[0], xs[1]),
            MergeKind.Multiply => xs.Skip(1).Aggregate(xs[0], (a, b) => t.Binary("*", a, b)),
            MergeKind.Average => t.Binary("/", xs.Skip(1).Aggregate(xs[0], (a, b) => t.Binary("+", a, b)), CodeTarget.Num((double)xs.Count)),
            MergeKind.Maximum => xs.Skip(1).Aggregate(xs[0], (a, b) => t.Function("maximum", a, b)),
            MergeKind.Minimum => xs.Skip(1).Aggregate(xs[0], (a, b) => t.Function("minimum", a, b)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown merge"),
        };
        return !sameRank && step.OutputShape.Length == 3 ? t.Permute(y, 0, 3, 1, 2) : y;
    }
}
