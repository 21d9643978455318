using CnnApi.Architectures.Layers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>Keras activations on NCHW or [N, features] tensors (the channel/feature axis is dimension 1).</summary>
internal static class Activations
{
    public static Tensor Apply(Tensor x, ActivationKind kind) => kind switch
    {
        ActivationKind.Linear => x,
        ActivationKind.Relu => F.relu(x),
        ActivationKind.Sigmoid => F.sigmoid(x),
        ActivationKind.Tanh => F.tanh(x),
        // Keras applies softmax on the last (channel) axis, which is dimension 1 in NCHW.
        ActivationKind.Softmax => F.softmax(x, 1),
        ActivationKind.Elu => F.elu(x, 1.0),
        ActivationKind.Selu => F.selu(x),
        ActivationKind.Gelu => F.gelu(x),
        // Keras 3's leaky_relu activation uses negative_slope 0.2 (torch's default is 0.01).
        ActivationKind.LeakyRelu => F.leaky_relu(x, 0.2),
        ActivationKind.Silu => F.silu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown activation"),
    };
}
