using CnnApi.Torch.Mnist;

namespace CnnApi.Torch.Tests.Mnist;

public sealed class MnistDatasetTests
{
    [Fact]
    public void Verify_RealFiles_AllOk()
    {
        Assert.All(MnistFiles.Verify(MnistTestData.Root), s => Assert.Equal(MnistFileState.Ok, s.State));
    }

    [Fact]
    public void Load_RealFiles_StandardisedTensorsOfMnistSize()
    {
        var data = MnistTestData.Dataset;

        Assert.Equal(60_000, data.TrainCount);
        Assert.Equal(10_000, data.TestCount);
        Assert.Equal(new long[] { 60_000, 1, 28, 28 }, data.TrainImages.shape);
        Assert.Equal(0.0, data.TrainImages.mean().item<float>(), 2);
        Assert.Equal(1.0, data.TrainImages.std().item<float>(), 2);
        Assert.Equal(5, data.TrainLabels[0].item<long>());
    }
}
