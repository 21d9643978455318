using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Build;

/// <summary>Proves the native library loads on this host (with the build's GLIBCXX patch where needed).</summary>
public sealed class TorchLoadsTests
{
    [Fact]
    public void Conv2d_ForwardAndBackward_GivesFiniteGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var conv = nn.Conv2d(1, 4, 3);
        var x = randn(2, 1, 8, 8);

        var y = conv.forward(x);
        y.sum().backward();

        Assert.Equal(new long[] { 2, 4, 6, 6 }, y.shape);
        foreach (var p in conv.parameters())
        {
            Assert.NotNull(p.grad);
            Assert.True(p.grad!.isfinite().all().item<bool>());
            Assert.True(p.grad.abs().sum().item<float>() > 0);
        }
        conv.Dispose();
    }
}
