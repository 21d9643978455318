namespace CnnApi.Architectures.Tests;

/// <summary>MACs, bytes, receptive fields and border loss: the numbers Keras does not print.</summary>
public sealed class BeyondKerasTests
{
    [Fact]
    public void ReceptiveField_StackOfConvAndPool_GrowsBySizeAndJump()
    {
        var summary = Specs.Summary(Specs.With("[28,28,1]",
            """{"type":"Conv2D","filters":4,"kernelSize":3}""", """{"type":"MaxPooling2D"}""",
            """{"type":"Conv2D","filters":4,"kernelSize":3,"dilationRate":2}""", """{"type":"BatchNormalization"}""",
            """{"type":"Conv2D","filters":4,"kernelSize":[1,3],"strides":[1,2]}""", """{"type":"Flatten"}"""));

        // r = 1 + 2·1 = 3, j 1; pool: r = 3 + 1·1 = 4, j 2; dilated 3 (k_eff 5): r = 4 + 4·2 = 12, j 2;
        // BN passes it on; 1×3 stride 1×2: r = 12 + 0 = 12 high, 12 + 2·2 = 16 wide, j 2 and 4; Flatten: none.
        Assert.Equal(["3x3/1x1", "4x4/2x2", "12x12/2x2", "12x12/2x2", "12x16/2x4", "none"],
            summary.Layers.Select(l => l.ReceptiveField is { } f ? $"{Specs.Dims(f.Size)}/{Specs.Dims(f.Jump)}" : "none"));
    }

    [Theory]
    // valid 3×3 on 28×28 loses a one-pixel ring: 784 − 26·26 = 108.
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":1,"kernelSize":3}""", 108)]
    // valid 5×5: two-pixel ring, 784 − 24·24 = 208.
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":1,"kernelSize":5}""", 208)]
    // same, stride 1: every pixel is some window's centre.
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":1,"kernelSize":5,"padding":"same"}""", 0)]
    // valid 3×3 stride 2 on 28: centres 1, 3, …, 25 (13 outputs); rows 0, 26 and 27 lost: kept 25·25, 784 − 625 = 159.
    [InlineData("[28,28,1]", """{"type":"Conv2D","filters":1,"kernelSize":3,"strides":2}""", 159)]
    // pool 2 stride 2 on 28: centres (top-left tap) 0, 2, …, 26; only row/column 27 lost: 784 − 27·27 = 55.
    [InlineData("[28,28,1]", """{"type":"MaxPooling2D"}""", 55)]
    // pool 2 stride 2 on 27 (valid): 13 windows, centres 0 … 24; rows 25, 26 lost: 729 − 25·25 = 104.
    [InlineData("[27,27,1]", """{"type":"MaxPooling2D"}""", 104)]
    // same 2×2 stride 2 on 27: out 14, pad 1 (all after), centres 0 … 26: nothing lost.
    [InlineData("[27,27,1]", """{"type":"MaxPooling2D","padding":"same"}""", 0)]
    // valid [3,1] on 10×10: rows lose one each side, columns nothing: 100 − 8·10 = 20.
    [InlineData("[10,10,1]", """{"type":"Conv2D","filters":1,"kernelSize":[3,1]}""", 20)]
    public void BorderPixelsLost_HandChecked(string input, string layer, long expected)
    {
        var row = Assert.Single(Specs.Summary(Specs.With(input, layer)).Layers);

        Assert.Equal(expected, row.BorderPixelsLost);
    }

    [Fact]
    public void BorderPixelsLost_PointwiseLayers_Null()
    {
        var summary = Specs.Summary(Specs.With("[8,8,2]", """{"type":"BatchNormalization"}""", """{"type":"Dense","units":2}""", """{"type":"Flatten"}"""));

        Assert.All(summary.Layers, l => Assert.Null(l.BorderPixelsLost));
    }

    [Fact]
    public void Bytes_ParamsAndActivations_FourPerFloat()
    {
        var summary = Specs.Summary(Specs.With("[8,8,2]",
            """{"type":"Conv2D","filters":3,"kernelSize":3}""", """{"type":"Dropout","rate":0.2}""", """{"type":"GlobalMaxPooling2D"}"""));

        // conv (18+1)·3 = 57 params → 228 bytes; outputs 6·6·3 = 108, 108, 3 elements → 432, 432, 12 bytes.
        Assert.Equal([228, 0, 0], summary.Layers.Select(l => l.ParamBytes));
        Assert.Equal([432, 432, 12], summary.Layers.Select(l => l.ActivationBytes));
        Assert.Equal((228, 876), (summary.ParamBytes, summary.ActivationBytes));
    }

    [Fact]
    public void Macs_PoolingNormalisationActivation_CountedAsZero()
    {
        var summary = Specs.Summary(Specs.With("[8,8,2]", """{"type":"AveragePooling2D"}""", """{"type":"BatchNormalization"}""",
            """{"type":"Activation","activation":"relu"}""", """{"type":"GlobalAveragePooling2D"}"""));

        Assert.All(summary.Layers, l => Assert.Equal(0, l.Macs));
    }

    [Fact]
    public void InputShape_EachRow_IsThePreviousOutput()
    {
        var summary = Specs.Summary(Presets.ArchitecturePresets.Find("lenet5")!.Architecture);

        Assert.Equal([null, 28, 28, 1], summary.Layers[0].InputShape);
        for (var i = 1; i < summary.Layers.Count; i++)
            Assert.Equal(summary.Layers[i - 1].OutputShape, summary.Layers[i].InputShape);
    }
}
