using CnnApi.Architectures.Layers;
using CnnApi.Torch.Networks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Networks;

public sealed class NetworkBuilderTests
{
    [Theory]
    [InlineData("seed-valid", 2_002_698L)]
    [InlineData("seed-same", 3_231_498L)]
    [InlineData("bn", 54_538L)]
    public void Build_Preset_ParametersPlusBatchNormBuffersEqualKerasCount(string name, long keras)
    {
        var architecture = name switch
        {
            "seed-valid" => TestArchitectures.Seed(Padding.Valid),
            "seed-same" => TestArchitectures.Seed(Padding.Same),
            _ => TestArchitectures.WithBatchNorm(),
        };
        using var network = NetworkBuilder.Build(architecture);

        // Keras counts BatchNorm's moving mean and variance as (non-trainable) params; torch keeps them as buffers.
        long count = network.parameters().Sum(p => p.numel()) + network.buffers().Sum(b => b.numel());

        Assert.Equal(keras, count);
    }

    [Fact]
    public void Build_SeedValid_ChildrenCarryKerasNamesAndOutputIsNx10Logits()
    {
        using var scope = NewDisposeScope();
        using var network = NetworkBuilder.Build(TestArchitectures.Seed(Padding.Valid));

        var output = network.forward(randn(3, 1, 28, 28));

        Assert.Equal(["conv2d", "conv2d_1", "conv2d_2", "flatten", "dense", "dense_1"], network.named_children().Select(c => c.name));
        Assert.Contains("dense_1.bias", network.state_dict().Keys);
        Assert.Equal(new long[] { 3, 10 }, output.shape);
        // Logits: the final softmax is left out of the training network.
        Assert.True(output.lt(0).any().item<bool>());
    }

    [Fact]
    public void Build_MixedLayers_EveryTorchShapeEqualsKerasShape()
    {
        using var scope = NewDisposeScope();
        var layers = NetworkLayers.From(TestArchitectures.Mixed());
        using var network = NetworkBuilder.Build(layers);
        network.eval();
        var x = randn(2, 1, 28, 28);

        var children = network.named_children().ToList();
        for (int i = 0; i < children.Count; i++)
        {
            x = ((TorchSharp.torch.nn.Module<Tensor, Tensor>)children[i].module).forward(x);
            var keras = layers[i].OutputShape!;
            long[] expected = keras.Length == 3 ? [2, keras[2], keras[0], keras[1]] : [2, .. keras];
            Assert.True(expected.SequenceEqual(x.shape), $"{children[i].name}: torch [{string.Join(",", x.shape)}], Keras-order [{string.Join(",", expected)}]");
        }
        Assert.Equal(10, children.Count);
        Assert.Equal("activation", children[6].name);
    }

    [Fact]
    public void SamePadding_Stride2EvenTotal_ExtraRowAtBottomRight()
    {
        var pad = SamePadding.For(Padding.Same, [28, 28, 1], Size2.Square(3), Size2.Square(2), Size2.Square(1));

        Assert.Equal(new SamePadding(0, 1, 0, 1), pad);
    }

    [Fact]
    public void AveragePoolingSame_OnesInput_PadExcludedFromCount()
    {
        using var scope = NewDisposeScope();
        var pool = new KerasPooling2D("p", new Pooling2D(PoolKind.Average, Size2.Square(3), Size2.Square(2), Padding.Same), [7, 7, 1]);

        var y = pool.forward(ones(1, 1, 7, 7));

        Assert.Equal(new long[] { 1, 1, 4, 4 }, y.shape);
        Assert.True(y.eq(1).all().item<bool>());
    }

    [Fact]
    public void MaxPoolingSame_NegativeInput_NeverPicksPadding()
    {
        using var scope = NewDisposeScope();
        var pool = new KerasPooling2D("p", new Pooling2D(PoolKind.Max, Size2.Square(2), Size2.Square(2), Padding.Same), [5, 5, 1]);

        var y = pool.forward(full(1, 1, 5, 5, -3f));

        Assert.True(y.eq(-3).all().item<bool>());
    }

    [Fact]
    public void Flatten_NchwInput_FlattensInChannelsLastOrder()
    {
        using var scope = NewDisposeScope();
        var nchw = arange(12, dtype: ScalarType.Float32).reshape(1, 3, 2, 2);

        var flat = new KerasFlatten("flatten").forward(nchw);

        // NHWC order: pixel (0,0) channels 0,1,2 first.
        Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, flat.data<float>().ToArray());
    }
}
