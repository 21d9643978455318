using CnnApi.Architectures.Layers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>Keras activations on NCHW or [N, features] tensors (the channel/feature axis is dimension 1).</summary>
internal static class Activations
{
    // Explicit, never-collected Scalars: TorchSharp's double overloads make temporaries that the finalizer can
    // free while libtorch reads them (issue 16). Read-only, so shared by every thread.
    private static readonly Scalar One = 1.0.ToScalar(), LeakySlope = 0.2.ToScalar();

    public static Tensor Apply(Tensor x, ActivationKind kind) => kind switch
    {
        ActivationKind.Linear => x,
        ActivationKind.Relu => F.relu(x),
        ActivationKind.Sigmoid => F.sigmoid(x),
        ActivationKind.Tanh => F.tanh(x),
        // Keras applies softmax on the last (channel) axis, which is dimension 1 in NCHW.
        ActivationKind.Softmax => F.softmax(x, 1),
        ActivationKind.Elu => x.elu(One, One, One),
        ActivationKind.Selu => F.selu(x),
        ActivationKind.Gelu => F.gelu(x),
        // Keras 3's leaky_relu activation uses negative_slope 0.2 (torch's default is 0.01).
        ActivationKind.LeakyRelu => x.leaky_relu(LeakySlope),
        ActivationKind.Silu => F.silu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown activation"),
    };
}
