using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Mnist;

/// <summary>
/// The one input normalisation used for training and inference: pixels scaled to [0, 1] (white digit on
/// black, as MNIST), then standardised with MNIST's training-set mean and standard deviation, the values
/// the PyTorch MNIST example uses. A network trained here must be fed through this, nothing else.
/// </summary>
public static class MnistNormalization
{
    public const float Mean = 0.1307f;
    public const float Std = 0.3081f;

    // Every number that meets a tensor is an explicit Scalar disposed after the call, and every intermediate
    // tensor a named, disposed variable: a temporary left to the finalizer can be freed while libtorch reads it
    // (issue 16), even outside a dispose scope.

    /// <summary>[N, 784] or [N, 1, 28, 28] pixels in [0, 1] → standardised [N, 1, 28, 28] float32.</summary>
    internal static Tensor FromUnitPixels(Tensor pixels)
    {
        using var mean = Mean.ToScalar();
        using var std = Std.ToScalar();
        using var floats = pixels.to_type(ScalarType.Float32);
        using var images = floats.reshape(-1, 1, 28, 28);
        return images.sub(mean).div_(std);
    }

    /// <summary>Raw bytes 0–255 → standardised [N, 1, rows, cols] float32.</summary>
    internal static Tensor FromBytes(byte[] pixels, int count, int rows, int cols)
    {
        using var maximum = 255f.ToScalar();
        using var mean = Mean.ToScalar();
        using var std = Std.ToScalar();
        using var raw = tensor(pixels, [count, 1, rows, cols], ScalarType.Byte);
        return raw.to_type(ScalarType.Float32).div_(maximum).sub_(mean).div_(std);
    }
}
