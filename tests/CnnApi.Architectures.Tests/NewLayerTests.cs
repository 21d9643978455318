namespace CnnApi.Architectures.Tests;

/// <summary>
/// The layers added for issue 11, one on one input, shapes and parameter counts worked out by hand from Keras's
/// source and docs (the comment on each line says which rule or example).
/// </summary>
public sealed class NewLayerTests
{
    [Theory]
    // Activation layers: shape unchanged, no weights (keras/src/layers/activations/*.py build nothing) ...
    [InlineData("[4,4,8]", """{"type":"ReLU","maxValue":6}""", "4x4x8", 0)]
    [InlineData("[4,4,8]", """{"type":"LeakyReLU"}""", "4x4x8", 0)]
    [InlineData("[4,4,8]", """{"type":"ELU","alpha":0.5}""", "4x4x8", 0)]
    [InlineData("[4,4,8]", """{"type":"Softmax","axis":1}""", "4x4x8", 0)]
    // ... except PReLU: alpha has shape input_shape[1:] with shared axes set to 1 (PReLU.build)
    [InlineData("[4,4,8]", """{"type":"PReLU"}""", "4x4x8", 128)]                                          // 4·4·8
    [InlineData("[4,4,8]", """{"type":"PReLU","sharedAxes":[1,2]}""", "4x4x8", 8)]                         // 1·1·8
    // ZeroPadding2D: default padding (1, 1) (Keras docs); ((top, bottom), (left, right))
    [InlineData("[28,28,1]", """{"type":"ZeroPadding2D"}""", "30x30x1", 0)]
    [InlineData("[10,10,3]", """{"type":"ZeroPadding2D","padding":[[1,2],[3,4]]}""", "13x17x3", 0)]
    [InlineData("[10,10,3]", """{"type":"ZeroPadding2D","padding":[2,0]}""", "14x10x3", 0)]
    // Cropping2D: the Keras docs example, cropping ((2, 2), (4, 4)) on (28, 28, 3) gives (24, 20, 3)
    [InlineData("[28,28,3]", """{"type":"Cropping2D","cropping":[[2,2],[4,4]]}""", "24x20x3", 0)]
    [InlineData("[28,28,3]", """{"type":"Cropping2D","cropping":3}""", "22x22x3", 0)]
    // UpSampling2D: default size (2, 2); Resizing to (height, width)
    [InlineData("[3,3,2]", """{"type":"UpSampling2D"}""", "6x6x2", 0)]
    [InlineData("[3,3,2]", """{"type":"UpSampling2D","size":[2,3],"interpolation":"bilinear"}""", "6x9x2", 0)]
    [InlineData("[28,28,3]", """{"type":"Resizing","height":64,"width":32}""", "64x32x3", 0)]
    // Reshape: Keras docs, Reshape((-1, 2, 2)) on (3, 4) gives (3, 2, 2); Permute((2, 1)) on (10, 64) gives (64, 10)
    [InlineData("[3,4,1]", """{"type":"Reshape","targetShape":[-1,2,2]}""", "3x2x2", 0)]
    [InlineData("[2,3,4]", """{"type":"Reshape","target_shape":[24]}""", "24", 0)]
    [InlineData("[10,64,1]", """{"type":"Permute","dims":[2,1,3]}""", "64x10x1", 0)]
    // SeparableConv2D: depthwise kH·kW·C·dm + pointwise C·dm·filters + filters (SeparableConv.build)
    [InlineData("[28,28,3]", """{"type":"SeparableConv2D","filters":8,"kernelSize":3}""", "26x26x8", 59)]              // 27+24+8
    [InlineData("[28,28,3]", """{"type":"SeparableConv2D","filters":16,"kernelSize":3,"depthMultiplier":2,"padding":"same"}""", "28x28x16", 166) ] // 54+96+16
    // DepthwiseConv2D: kH·kW·C·dm + C·dm (DepthwiseConv.build)
    [InlineData("[28,28,3]", """{"type":"DepthwiseConv2D","kernelSize":3}""", "26x26x3", 30)]                          // 27+3
    [InlineData("[28,28,3]", """{"type":"DepthwiseConv2D","kernelSize":3,"depthMultiplier":2,"strides":2}""", "13x13x6", 60)] // 54+6
    // Conv2DTranspose: deconv_output_length (keras/src/utils/conv_utils or ops/operation_utils), kH·kW·C_in·filters + filters
    [InlineData("[7,7,16]", """{"type":"Conv2DTranspose","filters":8,"kernelSize":3,"strides":2}""", "15x15x8", 1160)] // 7·2+max(3−2,0)
    [InlineData("[7,7,16]", """{"type":"Conv2DTranspose","filters":8,"kernelSize":3,"strides":2,"padding":"same"}""", "14x14x8", 1160)] // 7·2
    [InlineData("[7,7,16]", """{"type":"Conv2DTranspose","filters":8,"kernelSize":3,"strides":2,"outputPadding":1}""", "16x16x8", 1160)] // 6·2+3+1
    [InlineData("[7,7,16]", """{"type":"Conv2DTranspose","filters":8,"kernelSize":3,"strides":2,"padding":"same","outputPadding":1}""", "14x14x8", 1160)] // 6·2+3−2+1
    [InlineData("[14,14,4]", """{"type":"Conv2DTranspose","filters":2,"kernelSize":2,"strides":2,"useBias":false}""", "28x28x2", 32)] // 14·2; 4·4·2
    [InlineData("[5,5,1]", """{"type":"Conv2DTranspose","filters":1,"kernelSize":1,"strides":3}""", "15x15x1", 2)]    // 5·3+max(1−3,0)
    // Noise and dropout: identity, no weights
    [InlineData("[4,4,8]", """{"type":"SpatialDropout2D","rate":0.2}""", "4x4x8", 0)]
    [InlineData("[4,4,8]", """{"type":"GaussianNoise","stddev":0.1}""", "4x4x8", 0)]
    [InlineData("[4,4,8]", """{"type":"GaussianDropout","rate":0.1}""", "4x4x8", 0)]
    // LayerNormalization: gamma and beta of the normalised axes' shape (LayerNormalization.build)
    [InlineData("[4,4,8]", """{"type":"LayerNormalization"}""", "4x4x8", 16)]                                        // 2·8
    [InlineData("[4,4,8]", """{"type":"LayerNormalization","axis":[1,2,3],"center":false}""", "4x4x8", 128)]         // gamma 4·4·8
    // Preprocessing: identity at inference, no weights
    [InlineData("[28,28,1]", """{"type":"Rescaling","scale":0.00392156862745098}""", "28x28x1", 0)]
    [InlineData("[28,28,1]", """{"type":"RandomFlip","mode":"horizontal"}""", "28x28x1", 0)]
    [InlineData("[28,28,1]", """{"type":"RandomRotation","factor":0.1}""", "28x28x1", 0)]
    [InlineData("[28,28,1]", """{"type":"RandomTranslation","heightFactor":0.1,"widthFactor":[-0.2,0.1]}""", "28x28x1", 0)]
    [InlineData("[28,28,1]", """{"type":"RandomZoom","heightFactor":0.2,"fillMode":"constant"}""", "28x28x1", 0)]
    public void NewLayer_HandCheckedInput_MatchesKeras(string input, string layer, string expectedShape, long expectedParams)
    {
        var row = Assert.Single(Specs.Summary(Specs.With(input, layer)).Layers);

        Assert.Equal(expectedShape, Specs.Dims(row.OutputDims));
        Assert.Equal(expectedParams, row.Params);
        Assert.Equal(expectedParams, row.TrainableParams);
    }

    [Fact]
    public void SeparableAndTranspose_Macs_CountEveryMultiplication()
    {
        var separable = Specs.Summary(Specs.With("[28,28,3]", """{"type":"SeparableConv2D","filters":8,"kernelSize":3}"""));
        var transpose = Specs.Summary(Specs.With("[7,7,16]", """{"type":"Conv2DTranspose","filters":8,"kernelSize":3,"strides":2}"""));
        var depthwise = Specs.Summary(Specs.With("[28,28,3]", """{"type":"DepthwiseConv2D","kernelSize":3}"""));

        Assert.Equal(26 * 26 * 3 * 9 + 26 * 26 * 3 * 8, separable.TotalMacs);   // depthwise 18,252 + pointwise 16,224
        Assert.Equal(7 * 7 * 16 * 9 * 8, transpose.TotalMacs);                  // every input tap into a 3×3×8 patch
        Assert.Equal(26 * 26 * 3 * 9, depthwise.TotalMacs);
    }

    [Fact]
    public void Cropping2D_Border_CountsCroppedPixels()
    {
        var row = Specs.Summary(Specs.With("[28,28,1]", """{"type":"Cropping2D","cropping":[[2,2],[4,4]]}""")).Layers[0];

        Assert.Equal(28 * 28 - 24 * 20, row.BorderPixelsLost);
    }

    [Fact]
    public void UpSampling_ReceptiveField_JumpHalves()
    {
        var summary = Specs.Summary(Specs.With("[8,8,1]", """{"type":"Conv2D","filters":2,"kernelSize":3,"strides":2}""", """{"type":"UpSampling2D"}""",
            """{"type":"Conv2D","filters":2,"kernelSize":3}"""));

        // jump 2 after the strided conv, 1 after up-sampling; the last 3×3 adds (3 − 1)·1 to the field of 3.
        Assert.Equal("3x3/2x2|3x3/1x1|5x5/1x1", string.Join("|", summary.Layers.Select(l => $"{Specs.Dims(l.ReceptiveField!.Size)}/{Specs.Dims(l.ReceptiveField.Jump)}")));
    }

    [Theory]
    [InlineData("""{"type":"Cropping2D","cropping":14}""", "layers[0]", "leaves nothing of the 28×28 input")]
    [InlineData("""{"type":"Reshape","targetShape":[5,-1]}""", "layers[0]", "784 elements, which cannot be reshaped to (5, -1)")]
    [InlineData("""{"type":"Reshape","targetShape":[-1,-1]}""", "layers[0].targetShape", "at most one −1")]
    [InlineData("""{"type":"Permute","dims":[1,1,2]}""", "layers[0]", "must be a permutation of 1…3")]
    [InlineData("""{"type":"PReLU","sharedAxes":[4]}""", "layers[0]", "are not all axes")]
    [InlineData("""{"type":"Softmax","axis":0}""", "layers[0]", "axis 0 is not an axis")]
    [InlineData("""{"type":"Conv2DTranspose","filters":2,"kernelSize":3,"strides":2,"outputPadding":2}""", "layers[0].outputPadding", "smaller than the strides")]
    [InlineData("""{"type":"RandomFlip","mode":"diagonal"}""", "layers[0].mode", "\"horizontal\" or \"vertical\" or \"horizontal_and_vertical\"")]
    [InlineData("""{"type":"RandomRotation"}""", "layers[0].factor", "factor is required")]
    [InlineData("""{"type":"Resizing","height":8,"width":8,"interpolation":"bicubic"}""", "layers[0].interpolation", "\"bicubic\" is not supported")]
    [InlineData("""{"type":"LeakyReLU","alpha":0.1,"negativeSlope":0.2}""", "layers[0].alpha", "not both")]
    [InlineData("""{"type":"Add"}""", "layers[0].inputs", "takes at least 2 inputs, got 1")]
    [InlineData("""{"type":"DepthwiseConv2D","kernelSize":3,"strides":2,"dilationRate":2}""", "layers[0].strides", "both strides")]
    public void NewLayer_BadUse_ErrorAtPath(string layer, string path, string message)
    {
        var error = Specs.SingleError(Specs.With("[28,28,1]", layer));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
