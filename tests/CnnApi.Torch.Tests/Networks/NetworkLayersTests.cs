using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Networks;

namespace CnnApi.Torch.Tests.Networks;

/// <summary>Names and shapes come from the summary library; an invalid architecture is a clear argument error.</summary>
public sealed class NetworkLayersTests
{
    [Fact]
    public void From_SeedValid_KerasNamesAndShapes()
    {
        var layers = NetworkLayers.From(TestArchitectures.Seed(Padding.Valid));

        Assert.Equal(["conv2d", "conv2d_1", "conv2d_2", "flatten", "dense", "dense_1"], layers.Select(l => l.Name));
        Assert.Equal([28L, 28, 1], layers[0].InputShape);
        Assert.Equal([22L, 22, 32], layers[2].OutputShape!);
        Assert.Equal([15488L], layers[3].OutputShape!);
        Assert.Equal([10L], layers[^1].OutputShape!);
        Assert.All(layers.Zip(layers.Skip(1)), p => Assert.Equal(p.First.OutputShape, p.Second.InputShape));
    }

    [Fact]
    public void From_KernelLargerThanInput_ThrowsArgumentExceptionWithSummaryError()
    {
        var architecture = new Architecture("too-small", [4, 4, 1], [TestArchitectures.Conv(8, kernel: 5), new Flatten()]);

        var e = Assert.Throws<ArgumentException>(() => NetworkLayers.From(architecture));

        Assert.Contains("too-small", e.Message);
        Assert.Contains("layers[0]", e.Message);
        Assert.Contains("does not fit", e.Message);
    }
}
