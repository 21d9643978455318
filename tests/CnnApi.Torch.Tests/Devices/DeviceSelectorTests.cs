using CnnApi.Torch.Devices;

namespace CnnApi.Torch.Tests.Devices;

public sealed class DeviceSelectorTests
{
    private sealed record FakeCudaProbe(bool IsAvailable, int DeviceCount) : ICudaProbe;

    private static readonly FakeCudaProbe TwoGpus = new(true, 2), NoGpu = new(false, 0);

    [Fact]
    public void Device_AutoWithFakeCudaProbe_ChoosesCuda() => Assert.Equal(new DeviceChoice("cuda:0", null), DeviceSelector.Choose("auto", TwoGpus));

    [Fact]
    public void Device_AutoWithoutCudaFakeProbe_ChoosesCpu() => Assert.Equal(new DeviceChoice("cpu", null), DeviceSelector.Choose("auto", NoGpu));

    [Fact]
    public void Device_CpuWithFakeCudaProbe_ChoosesCpu() => Assert.Equal("cpu", DeviceSelector.Choose("CPU", TwoGpus).Device);

    [Fact]
    public void Device_CudaNInRangeWithFakeProbe_ChoosesIt() => Assert.Equal("cuda:1", DeviceSelector.Choose("cuda:1", TwoGpus).Device);

    [Theory]
    [InlineData("cuda:2", "has 2 CUDA device")]
    [InlineData("cuda:x", "not a device")]
    [InlineData("tpu", "not a device")]
    public void Device_BadRequestWithFakeCudaProbe_ValidationError(string requested, string message)
    {
        var choice = DeviceSelector.Choose(requested, TwoGpus);

        Assert.False(choice.IsValid);
        Assert.Null(choice.Device);
        Assert.Contains(message, choice.Error);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void Device_CudaWithoutCudaFakeProbe_ValidationError(string requested) =>
        Assert.Contains("not available", DeviceSelector.Choose(requested, NoGpu).Error);

    [Fact]
    public void TorchCudaProbe_ThisMachine_CountAgreesWithAvailability()
    {
        var probe = new TorchCudaProbe();

        // False and 0 with the CPU libtorch package; true and ≥ 1 with the CUDA one on a GPU machine.
        Assert.Equal(probe.IsAvailable, probe.DeviceCount > 0);
    }
}
