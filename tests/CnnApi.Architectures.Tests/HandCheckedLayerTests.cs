namespace CnnApi.Architectures.Tests;

/// <summary>
/// One layer on one input, output shape and parameter count worked out by hand from Keras's rules:
/// valid out = floor((in − d·(k−1) − 1)/s) + 1, same out = ceil(in/s), Conv2D params (kH·kW·C + bias)·filters,
/// Dense params in·units + units, BatchNormalization 4·C.
/// </summary>
public sealed class HandCheckedLayerTests
{
    [Theory]
    // Conv2D
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":32,"kernelSize":3}""", "26x26x32", 320)]                              // 28−2=26; 9·1·32+32
    [InlineData("[28,28,1]", """{"type":"conv2d","filters":32,"kernelSize":3,"padding":"SAME"}""", "28x28x32", 320)]              // ceil(28/1)
    [InlineData("[28,28,3]", """{"type":"Conv2D","filters":16,"kernelSize":5,"useBias":false}""", "24x24x16", 1200)]              // 28−4; 25·3·16
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":8,"kernelSize":3,"strides":2}""", "13x13x8", 80)]                      // floor(25/2)+1=13; 9·8+8
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":8,"kernelSize":3,"strides":2,"padding":"same"}""", "14x14x8", 80)]     // ceil(28/2)
    [InlineData("[27,27,1]", """{"type":"Conv2D","filters":4,"kernelSize":3,"strides":2,"padding":"same"}""", "14x14x4", 40)]     // ceil(27/2)=14
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":4,"kernelSize":3,"dilationRate":2}""", "24x24x4", 40)]                 // k_eff 5: 28−5+1
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":4,"kernelSize":3,"dilation_rate":[2,3]}""", "24x22x4", 40)]            // k_eff 5×7: 24, 28−7+1=22
    [InlineData("[28,28,2]", """{"type":"Conv2D","filters":4,"kernel_size":[3,5],"use_bias":true}""", "26x24x4", 124)]            // 15·2·4+4=124
    [InlineData("[32,20,3]", """{"type":"Conv2D","filters":6,"kernelSize":[5,3],"strides":[2,1]}""", "14x18x6", 276)]             // floor(27/2)+1=14, 18; 15·3·6+6
    [InlineData("[7,7,3]", """{"type":"Conv2D","filters":2,"kernelSize":7,"padding":"same"}""", "7x7x2", 296)]                    // 49·3·2+2
    [InlineData("[5,5,1]", """{"type":"Conv2D","filters":1,"kernelSize":5}""", "1x1x1", 26)]                                      // 5−5+1=1; 25+1
    [InlineData("[10,10,1]", """{"type":"Conv2D","filters":3,"kernelSize":1,"strides":3}""", "4x4x3", 6)]                         // floor(9/3)+1=4; 1·3+3
    // Pooling
    [InlineData("[28,28,32]", """{"type":"MaxPooling2D"}""", "14x14x32", 0)]                                                      // pool 2, stride 2
    [InlineData("[27,27,8]", """{"type":"MaxPooling2D","poolSize":2}""", "13x13x8", 0)]                                           // floor(25/2)+1=13
    [InlineData("[27,27,8]", """{"type":"MaxPooling2D","pool_size":2,"padding":"same"}""", "14x14x8", 0)]                         // ceil(27/2)
    [InlineData("[28,28,4]", """{"type":"MaxPooling2D","poolSize":3,"strides":1}""", "26x26x4", 0)]                               // 28−3+1
    [InlineData("[28,28,4]", """{"type":"AveragePooling2D","poolSize":[2,4]}""", "14x7x4", 0)]                                    // strides default to pool 2×4
    [InlineData("[10,10,4]", """{"type":"AveragePooling2D","poolSize":3,"strides":2,"padding":"valid"}""", "4x4x4", 0)]           // floor(7/2)+1=4
    [InlineData("[10,10,4]", """{"type":"averagepooling2d","poolSize":3,"strides":2,"padding":"Same"}""", "5x5x4", 0)]            // ceil(10/2)
    // Global pooling, BN, Dense, the rest
    [InlineData("[7,7,64]", """{"type":"GlobalAveragePooling2D"}""", "64", 0)]
    [InlineData("[7,7,64]", """{"type":"GlobalMaxPooling2D"}""", "64", 0)]
    [InlineData("[14,14,32]", """{"type":"BatchNormalization"}""", "14x14x32", 128)]                                              // 4·32
    [InlineData("[14,14,32]", """{"type":"BatchNormalization","center":false}""", "14x14x32", 96)]                                // gamma + 2·32 moving
    [InlineData("[14,14,32]", """{"type":"BatchNormalization","center":false,"scale":false}""", "14x14x32", 64)]                  // moving only
    [InlineData("[4,4,8]", """{"type":"Dense","units":5}""", "4x4x5", 45)]                                                        // last axis: 8·5+5
    [InlineData("[4,4,8]", """{"type":"Dense","units":5,"useBias":false}""", "4x4x5", 40)]
    [InlineData("[2,3,4]", """{"type":"Flatten"}""", "24", 0)]                                                                    // 2·3·4
    [InlineData("[2,3,4]", """{"type":"Dropout","rate":0.5}""", "2x3x4", 0)]
    [InlineData("[2,3,4]", """{"type":"Activation","activation":"swish"}""", "2x3x4", 0)]
    public void Layer_HandCheckedInput_MatchesKeras(string input, string layer, string expectedShape, long expectedParams)
    {
        var row = Assert.Single(Specs.Summary(Specs.With(input, layer)).Layers);

        Assert.Equal(expectedShape, Specs.Dims(row.OutputDims));
        Assert.Equal(expectedParams, row.Params);
    }

    [Fact]
    public void BatchNormalization_Params_SplitTwoCTrainableTwoCNot()
    {
        var summary = Specs.Summary(Specs.With("[8,8,16]", """{"type":"BatchNormalization"}""", """{"type":"BatchNormalization","scale":false}"""));

        // 4·16 = 64, of them 2·16 = 32 moving statistics; without gamma 16 trainable + 32.
        Assert.Equal((64, 32, 32), (summary.Layers[0].Params, summary.Layers[0].TrainableParams, summary.Layers[0].NonTrainableParams));
        Assert.Equal((48, 16, 32), (summary.Layers[1].Params, summary.Layers[1].TrainableParams, summary.Layers[1].NonTrainableParams));
        Assert.Equal((112, 48, 64), (summary.TotalParams, summary.TrainableParams, summary.NonTrainableParams));
    }

    [Fact]
    public void Names_RepeatedStems_FollowFreshKerasSession()
    {
        var summary = Specs.Summary(Specs.With("[28,28,1]",
            """{"type":"Conv2D","filters":2,"kernelSize":3}""", """{"type":"BatchNormalization"}""", """{"type":"MaxPooling2D"}""",
            """{"type":"Conv2D","filters":2,"kernelSize":3}""", """{"type":"BatchNormalization"}""", """{"type":"AveragePooling2D"}""",
            """{"type":"Dropout","rate":0.1}""", """{"type":"GlobalAveragePooling2D"}""", """{"type":"Dense","units":3}""",
            """{"type":"Activation","activation":"softmax"}""", """{"type":"Dropout","rate":0.1}"""));

        Assert.Equal(
            ["conv2d", "batch_normalization", "max_pooling2d", "conv2d_1", "batch_normalization_1", "average_pooling2d",
             "dropout", "global_average_pooling2d", "dense", "activation", "dropout_1"],
            summary.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Dense_OnSpatialInput_CountsMacsPerPosition()
    {
        var row = Specs.Summary(Specs.With("[4,4,8]", """{"type":"Dense","units":5}""")).Layers[0];

        // 16 positions · 8 inputs · 5 units = 640 MACs.
        Assert.Equal(640, row.Macs);
    }

    [Fact]
    public void FrozenLayer_Params_AllNonTrainable()
    {
        var summary = Specs.Summary(Specs.With("[4,4,8]", """{"type":"Dense","units":5,"trainable":false}""", """{"type":"BatchNormalization","trainable":false}"""));

        // 45 frozen dense weights + BN's 4·5 = 20, none trainable.
        Assert.Equal((65, 0, 65), (summary.TotalParams, summary.TrainableParams, summary.NonTrainableParams));
    }
}
