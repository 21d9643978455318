using CnnApi.Architectures.Layers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>
/// Keras Flatten: flattens in Keras's order (channels-last), so Dense weights mean what they mean in Keras; with
/// channels_first Keras first moves the channel axis (the first) last.
/// </summary>
internal sealed class KerasFlatten(string name, bool channelsFirst = false) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        var k = Layout.ToKeras(x);
        if (channelsFirst && k.dim() > 2)
            k = k.permute([0, .. Enumerable.Range(2, (int)k.dim() - 2).Select(d => (long)d), 1]);
        return k.flatten(1);
    }
}

/// <summary>GlobalMaxPooling2D / GlobalAveragePooling2D: [N, C, H, W] → [N, C].</summary>
internal sealed class KerasGlobalPooling2D(string name, PoolKind kind) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x) => kind == PoolKind.Max ? x.amax([2, 3]) : x.mean([2, 3]);
}

/// <summary>A standalone Keras Activation layer.</summary>
internal sealed class KerasActivation(string name, ActivationKind kind) : nn.Module<Tensor, Tensor>(name)
{
    // An identity must hand on a new handle (alias), never its input object: its input may be disposed.
    public override Tensor forward(Tensor x) => kind == ActivationKind.Linear ? x.alias() : Activations.Apply(x, kind);
}

/// <summary>
/// A channels_first layer: the torch tensor of a Keras [C, H, W] tensor is [N, W, C, H] (see <see cref="Layout"/>),
/// whose Keras order [N, C, H, W] is what the channels-last module inside expects.
/// </summary>
internal sealed class ChannelsFirst : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> inner;

    public ChannelsFirst(string name, nn.Module<Tensor, Tensor> module) : base(name)
    {
        inner = module;
        register_module(nameof(inner), inner);
    }

    public override Tensor forward(Tensor x)
    {
        using var y = inner.call(Layout.ToKeras(x).contiguous());
        return Layout.FromKeras(y).contiguous();
    }
}

/// <summary>Keras ZeroPadding2D on NCHW.</summary>
internal sealed class KerasZeroPadding2D(string name, Margins m) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x) => F.pad(x, [m.Left, m.Right, m.Top, m.Bottom]);
}

/// <summary>Keras Cropping2D on NCHW.</summary>
internal sealed class KerasCropping2D(string name, Margins m) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        using var rows = x.narrow(2, m.Top, x.shape[2] - m.Top - m.Bottom);
        return rows.narrow(3, m.Left, x.shape[3] - m.Left - m.Right).contiguous();
    }
}

/// <summary>Keras UpSampling2D: nearest repeats rows and columns; bilinear is TF's half-pixel resize (torch's align_corners = false).</summary>
internal sealed class KerasUpSampling2D(string name, UpSampling2D layer) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        if (layer.Interpolation == Interpolation.Bilinear)
            return F.interpolate(x, size: [x.shape[2] * layer.Size.Height, x.shape[3] * layer.Size.Width], mode: InterpolationMode.Bilinear, align_corners: false);
        using var rows = x.repeat_interleave(layer.Size.Height, 2);
        return rows.repeat_interleave(layer.Size.Width, 3);
    }
}

/// <summary>Keras Resizing (antialias off): optionally the centred crop of the target's aspect ratio, then nearest or half-pixel bilinear.</summary>
internal sealed class KerasResizing(string name, Resizing layer) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        if (layer.CropToAspectRatio)
        {
            long h = x.shape[2], w = x.shape[3];
            long cropH = Math.Min(h, (long)Math.Round(w * (double)layer.Height / layer.Width));
            long cropW = Math.Min(w, (long)Math.Round(h * (double)layer.Width / layer.Height));
            x = x.narrow(2, (h - cropH) / 2, cropH).narrow(3, (w - cropW) / 2, cropW);
        }
        var mode = layer.Interpolation == Interpolation.Bilinear ? InterpolationMode.Bilinear : InterpolationMode.Nearest;
        var y = F.interpolate(x, size: [layer.Height, layer.Width], mode: mode, align_corners: mode == InterpolationMode.Bilinear ? false : null);
        return y.MoveToOuterDisposeScope();
    }
}

/// <summary>Keras Reshape, in Keras's element order.</summary>
internal sealed class KerasReshape(string name, IReadOnlyList<int> target) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        using var k = Layout.ToKeras(x).contiguous();
        using var reshaped = k.reshape([x.shape[0], .. target.Select(d => (long)d)]);
        return Layout.FromKeras(reshaped).contiguous();
    }
}

/// <summary>Keras Permute (dims 1-based, after the batch), in Keras's axis order.</summary>
internal sealed class KerasPermute(string name, IReadOnlyList<int> dims) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x) =>
        Layout.FromKeras(Layout.ToKeras(x).permute([0, .. dims.Select(d => (long)d)])).contiguous();
}
