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

    /// <summary>[N, 784] or [N, 1, 28, 28] pixels in [0, 1] → standardised [N, 1, 28, 28] float32.</summary>
    internal static Tensor FromUnitPixels(Tensor pixels) =>
        pixels.to_type(ScalarType.Float32).reshape(-1, 1, 28, 28).sub(Mean).div_(Std);

    /// <summary>Raw bytes 0–255 → standardised [N, 1, rows, cols] float32.</summary>
    internal static Tensor FromBytes(byte[] pixels, int count, int rows, int cols)
    {
        using var raw = tensor(pixels, [count, 1, rows, cols], ScalarType.Byte);
        return raw.to_type(ScalarType.Float32).div_(255f).sub_(Mean).div_(Std);
    }
}
