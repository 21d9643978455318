using CnnApi.Architectures.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Networks;

/// <summary>Keras Flatten: flattens in channels-last order (NHWC), so Dense weights mean what they mean in Keras.</summary>
internal sealed class KerasFlatten(string name) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x) => x.dim() == 4 ? x.permute(0, 2, 3, 1).flatten(1) : x.flatten(1);
}

/// <summary>GlobalMaxPooling2D / GlobalAveragePooling2D: [N, C, H, W] → [N, C].</summary>
internal sealed class KerasGlobalPooling2D(string name, PoolKind kind) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x) => kind == PoolKind.Max ? x.amax([2, 3]) : x.mean([2, 3]);
}

/// <summary>A standalone Keras Activation layer.</summary>
internal sealed class KerasActivation(string name, ActivationKind kind) : nn.Module<Tensor, Tensor>(name)
{
    // Sequential disposes each module's input once the next module has run: an identity must hand on
    // a new handle (alias), never its input object, or the next layer receives a disposed tensor.
    public override Tensor forward(Tensor x) => kind == ActivationKind.Linear ? x.alias() : Activations.Apply(x, kind);
}
