namespace CnnApi.Torch.Devices;

/// <summary>What the machine offers in CUDA devices. <see cref="TorchCudaProbe"/> asks libtorch; tests use fakes.</summary>
public interface ICudaProbe
{
    bool IsAvailable { get; }
    int DeviceCount { get; }
}
