namespace CnnApi.Torch.Devices;

/// <summary>Asks libtorch (false / 0 with the CPU-only native package).</summary>
public sealed class TorchCudaProbe : ICudaProbe
{
    public bool IsAvailable => TorchSharp.torch.cuda.is_available();
    public int DeviceCount => IsAvailable ? TorchSharp.torch.cuda.device_count() : 0;
}
