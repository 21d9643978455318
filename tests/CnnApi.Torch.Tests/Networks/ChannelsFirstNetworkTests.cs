using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Networks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Networks;

/// <summary>
/// A channels_first MNIST model ([1, 28, 28]) takes the same NCHW images as a channels_last one: with the same
/// weights the two compute the same logits (Keras's channels_first Flatten moves the channels last before flattening,
/// so even the Dense weights line up). A transposed or mis-laid input would give other numbers.
/// </summary>
public sealed class ChannelsFirstNetworkTests
{
    private static Architecture Model(bool channelsFirst) => new(channelsFirst ? "cf" : "cl", channelsFirst ? [1, 28, 28] : [28, 28, 1],
    [
        TestArchitectures.Conv(4, kernel: 3, stride: 2) with { ChannelsFirst = channelsFirst },
        new Pooling2D(PoolKind.Max, Size2.Square(2), Size2.Square(2), Padding.Valid) { ChannelsFirst = channelsFirst },
        new Flatten { ChannelsFirst = channelsFirst },
        new Dense(10, ActivationKind.Softmax, true),
    ]);

    [Fact]
    public void ChannelsFirstNetwork_NchwImages_SameLogitsAsChannelsLastWithSameWeights()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var last = NetworkBuilder.Build(Model(channelsFirst: false));
        using var first = NetworkBuilder.Build(Model(channelsFirst: true));
        using (no_grad())
        {
            foreach (var (from, to) in last.parameters().Zip(first.parameters()))
                to.copy_(from);
        }
        last.eval();
        first.eval();
        var images = rand(5, 1, 28, 28);

        var expected = last.forward(images);
        var actual = first.forward(images);

        Assert.Equal(new long[] { 5, 10 }, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), "a channels_first network read its NCHW images otherwise than the channels_last one");
        Assert.False(first.forward(images.transpose(2, 3)).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }
}
