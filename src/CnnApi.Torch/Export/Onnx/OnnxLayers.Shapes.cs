using Onnx;
using CnnApi.Architectures.Layers;
using static CnnApi.Torch.Export.Onnx.OnnxGraph;

namespace CnnApi.Torch.Export.Onnx;

/// <summary>Flatten, cropping, resampling and reshaping, in Keras's element order as the modules in <c>Networks/</c> keep it.</summary>
internal sealed partial class OnnxLayers
{
    /// <summary>Flatten in Keras's (channels-last) order, so Dense weights mean what they mean in Keras.</summary>
    private OnnxValue Flatten(string path, OnnxValue x, Flatten f)
    {
        var k = ToKeras(path, x);
        if (f.ChannelsFirst && k.Rank > 2)
            k = k with { Name = graph.Node(path, "Transpose", k.Name, Ints("perm", [0, .. Enumerable.Range(2, k.Rank - 2).Select(d => (long)d), 1])) };
        return new(graph.Node(path, "Flatten", k.Name, Int("axis", 1)), 2);
    }

    /// <summary>Rows [top, bottom) and columns [left, right) of an NCHW tensor.</summary>
    private OnnxValue Crop(string path, OnnxValue x, long top, long bottom, long left, long right) => x with
    {
        Name = graph.Node(path, "Slice", [x.Name, graph.Longs(path, "starts", top, left), graph.Longs(path, "ends", bottom, right), graph.Longs(path, "axes", 2, 3)]),
    };

    private OnnxValue Upsample(string path, OnnxValue x, long[] shape, UpSampling2D u)
    {
        long height = shape[0] * u.Size.Height, width = shape[1] * u.Size.Width;
        if (u.Interpolation == Interpolation.Bilinear) return Bilinear(path, x, height, width);
        // repeat_interleave: output row i is input row i / size.
        return Gather(path, x, Enumerable.Range(0, (int)height).Select(i => (long)(i / u.Size.Height)).ToArray(),
            Enumerable.Range(0, (int)width).Select(i => (long)(i / u.Size.Width)).ToArray());
    }

    private OnnxValue Resize(string path, OnnxValue x, long[] shape, Resizing r)
    {
        long h = shape[0], w = shape[1];
        if (r.CropToAspectRatio)
        {
            long cropH = Math.Min(h, (long)Math.Round(w * (double)r.Height / r.Width));
            long cropW = Math.Min(w, (long)Math.Round(h * (double)r.Width / r.Height));
            x = Crop(path, x, (h - cropH) / 2, (h - cropH) / 2 + cropH, (w - cropW) / 2, (w - cropW) / 2 + cropW);
            (h, w) = (cropH, cropW);
        }
        if (r.Interpolation == Interpolation.Bilinear) return Bilinear(path, x, r.Height, r.Width);
        return Gather(path, x, Nearest(h, r.Height), Nearest(w, r.Width));
    }

    /// <summary>
    /// Torch's nearest source index (<c>nearest_idx</c>), float arithmetic included, so that the rows picked are torch's
    /// even where ONNX's own nearest modes would round a boundary the other way.
    /// </summary>
    private static long[] Nearest(long input, long output)
    {
        if (output == input) return Enumerable.Range(0, (int)output).Select(i => (long)i).ToArray();
        if (output == 2 * input) return Enumerable.Range(0, (int)output).Select(i => (long)(i >> 1)).ToArray();
        var scale = (float)input / output;
        return Enumerable.Range(0, (int)output).Select(i => Math.Min((long)MathF.Floor(i * scale), input - 1)).ToArray();
    }

    /// <summary>Picks rows then columns of an NCHW tensor.</summary>
    private OnnxValue Gather(string path, OnnxValue x, long[] rows, long[] columns)
    {
        var picked = graph.Node(path, "Gather", [x.Name, graph.Longs(path, "rows", rows)], Int("axis", 2));
        return x with { Name = graph.Node(path, "Gather", [picked, graph.Longs(path, "columns", columns)], Int("axis", 3)) };
    }

    /// <summary>Half-pixel bilinear resize (torch's align_corners = false) to a fixed height and width, any batch size.</summary>
    private OnnxValue Bilinear(string path, OnnxValue x, long height, long width)
    {
        var batchAndChannels = graph.Node(path, "Slice", [graph.Node(path, "Shape", x.Name), graph.Longs(path, "zero", 0), graph.Longs(path, "two", 2)]);
        var sizes = graph.Node(path, "Concat", [batchAndChannels, graph.Longs(path, "size", height, width)], Int("axis", 0));
        return x with
        {
            Name = graph.Node(path, "Resize", [x.Name, "", "", sizes], String("mode", "linear"),
                String("coordinate_transformation_mode", "half_pixel")),
        };
    }

    /// <summary>Keras Reshape in Keras's element order; 0 keeps the batch dimension.</summary>
    private OnnxValue Reshape(string path, OnnxValue x, Reshape r, int rank)
    {
        var k = ToKeras(path, x);
        var target = graph.Longs(path, "shape", [0, .. r.TargetShape.Select(d => (long)d)]);
        return FromKeras(path, new(graph.Node(path, "Reshape", [k.Name, target]), rank));
    }
}
