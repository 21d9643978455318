namespace CnnApi.Architectures.Tests;

/// <summary>
/// <c>data_format: "channels_first"</c>: the layer reads [channels, height, width] and writes the same layout, as
/// Keras computes it (each expected shape is the channels-last one with the channel axis moved first).
/// </summary>
public sealed class ChannelsFirstTests
{
    private const string Cf = "\"dataFormat\":\"channels_first\"";

    [Theory]
    [InlineData("[1,28,28]", $$"""{"type":"Conv2D","filters":32,"kernelSize":3,{{Cf}}}""", "32x26x26", 320)]            // 9·1·32+32
    [InlineData("[3,28,28]", $$"""{"type":"SeparableConv2D","filters":8,"kernelSize":3,{{Cf}}}""", "8x26x26", 59)]
    [InlineData("[3,28,28]", $$"""{"type":"DepthwiseConv2D","kernelSize":3,"depthMultiplier":2,{{Cf}}}""", "6x26x26", 60)]
    [InlineData("[16,7,7]", $$"""{"type":"Conv2DTranspose","filters":8,"kernelSize":3,"strides":2,{{Cf}}}""", "8x15x15", 1160)]
    [InlineData("[8,28,28]", $$"""{"type":"MaxPooling2D",{{Cf}}}""", "8x14x14", 0)]
    [InlineData("[8,27,27]", $$"""{"type":"AveragePooling2D","padding":"same",{{Cf}}}""", "8x14x14", 0)]
    [InlineData("[8,7,7]", $$"""{"type":"GlobalAveragePooling2D",{{Cf}}}""", "8", 0)]
    [InlineData("[3,10,10]", $$"""{"type":"ZeroPadding2D","padding":[[1,2],[3,4]],{{Cf}}}""", "3x13x17", 0)]
    [InlineData("[3,28,28]", $$"""{"type":"Cropping2D","cropping":[[2,2],[4,4]],{{Cf}}}""", "3x24x20", 0)]
    [InlineData("[2,3,3]", $$"""{"type":"UpSampling2D",{{Cf}}}""", "2x6x6", 0)]
    [InlineData("[3,28,28]", $$"""{"type":"Resizing","height":8,"width":4,{{Cf}}}""", "3x8x4", 0)]
    [InlineData("[8,4,4]", $$"""{"type":"SpatialDropout2D","rate":0.5,{{Cf}}}""", "8x4x4", 0)]
    [InlineData("[8,4,4]", $$"""{"type":"Flatten",{{Cf}}}""", "128", 0)]
    public void ChannelsFirst_Layer_MovesTheChannelAxisFirst(string input, string layer, string shape, long parameters)
    {
        var row = Assert.Single(Specs.Summary(Specs.With(input, layer)).Layers);

        Assert.Equal((shape, parameters), (Specs.Dims(row.OutputDims), row.Params));
    }

    [Fact]
    public void ChannelsFirst_BatchNormalizationAxisOne_CountsTheChannels()
    {
        var row = Specs.Summary(Specs.With("[8,4,4]", """{"type":"BatchNormalization","axis":1}""")).Layers[0];

        // 4·8: gamma and beta trainable, moving mean and variance not.
        Assert.Equal((32, 16, 16), (row.Params, row.TrainableParams, row.NonTrainableParams));
    }

    [Fact]
    public void ChannelsFirst_InputShape_ChannelsComeFirst()
    {
        // [1, 110, 110]: 110 would be too many channels for a channels-last input.
        var summary = Specs.Summary(Specs.With("[1,110,110]", $$"""{"type":"Conv2D","filters":4,"kernelSize":3,"padding":"same",{{Cf}}}"""));
        var refused = Specs.SingleError(Specs.With("[1,110,110]", """{"type":"Conv2D","filters":4,"kernelSize":3}"""));

        Assert.Equal("4x110x110", Specs.Dims(summary.Layers[0].OutputDims));
        Assert.Equal("inputShape", refused.Path);
    }

    [Fact]
    public void ChannelsFirst_PoolOnChannelsLastTensor_PoolsWhatKerasPools()
    {
        // A real Keras 2 document mixes formats: MaxPooling2D(channels_first) on (198, 198, 32) reads channels 198,
        // height 198, width 32 and gives (198, 99, 16).
        var summary = Specs.Summary(Specs.With("[200,200,1]", """{"type":"Conv2D","filters":32,"kernelSize":3}""", $$"""{"type":"MaxPooling2D",{{Cf}}}"""));

        Assert.Equal("198x99x16", Specs.Dims(summary.Layers[1].OutputDims));
    }
}
