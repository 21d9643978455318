using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Tests;

/// <summary>The issue-11 layers as Keras 3 and tf.keras 2 write them in <c>model.to_json()</c>.</summary>
public sealed class KerasNewLayersTests
{
    private static string Layer(string cls, string config) =>
        $$"""{"module": "keras.layers", "class_name": "{{cls}}", "config": {"name": "{{cls.ToLowerInvariant()}}", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}{{(config.Length > 0 ? ", " + config : "")}}}, "registered_name": null}""";

    private static readonly string Keras3 = $$$"""
        {"module": "keras", "class_name": "Sequential", "config": {"name": "new_layers", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 32, 32, 3], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
          {{{Layer("Rescaling", "\"scale\": 0.00392156862745098, \"offset\": 0.0")}}},
          {{{Layer("RandomFlip", "\"mode\": \"horizontal\", \"seed\": null, \"data_format\": \"channels_last\"")}}},
          {{{Layer("RandomRotation", "\"factor\": [-0.1, 0.1], \"fill_mode\": \"reflect\", \"fill_value\": 0.0, \"interpolation\": \"bilinear\", \"seed\": null, \"data_format\": \"channels_last\"")}}},
          {{{Layer("ZeroPadding2D", "\"padding\": [[1, 1], [2, 2]], \"data_format\": \"channels_last\"")}}},
          {{{Layer("SeparableConv2D", "\"filters\": 8, \"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"depth_multiplier\": 1, \"activation\": \"relu\", \"use_bias\": true")}}},
          {{{Layer("DepthwiseConv2D", "\"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"depth_multiplier\": 2, \"activation\": \"linear\", \"use_bias\": true")}}},
          {{{Layer("LeakyReLU", "\"negative_slope\": 0.2")}}},
          {{{Layer("Conv2DTranspose", "\"filters\": 4, \"kernel_size\": [2, 2], \"strides\": [2, 2], \"padding\": \"valid\", \"output_padding\": null, \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"activation\": \"linear\", \"use_bias\": true")}}},
          {{{Layer("Cropping2D", "\"cropping\": [[1, 1], [1, 1]], \"data_format\": \"channels_last\"")}}},
          {{{Layer("LayerNormalization", "\"axis\": [-1], \"epsilon\": 0.001, \"center\": true, \"scale\": true, \"rms_scaling\": false")}}},
          {{{Layer("PReLU", "\"alpha_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null}, \"shared_axes\": [1, 2]")}}},
          {{{Layer("UpSampling2D", "\"size\": [2, 2], \"data_format\": \"channels_last\", \"interpolation\": \"nearest\"")}}},
          {{{Layer("GlobalAveragePooling2D", "\"data_format\": \"channels_last\", \"keepdims\": false")}}},
          {{{Layer("Dense", "\"units\": 10, \"activation\": \"softmax\", \"use_bias\": true")}}}]}}
        """;

    [Fact]
    public void Keras3_NewLayers_ShapesAndCountsAsKeras()
    {
        var summary = Specs.Summary(Keras3);

        // 32×32×3 → pad ((1,1),(2,2)) 34×36 → separable 3×3 32×34×8 (27+24+8 = 59) → depthwise dm 2 30×32×16 (144+16 = 160)
        // → transpose 2×2/2 60×64×4 (2·2·16·4+4 = 260) → crop 58×62 → LayerNorm 2·4 = 8 → PReLU shared (1,2): 4
        // → up-sampling 116×124×4 → GAP 4 → Dense 4·10+10 = 50.
        Assert.Equal(["32x32x3", "32x32x3", "32x32x3", "34x36x3", "32x34x8", "30x32x16", "30x32x16", "60x64x4", "58x62x4", "58x62x4", "58x62x4", "116x124x4", "4", "10"],
            summary.Layers.Select(l => Specs.Dims(l.OutputDims)));
        Assert.Equal([0L, 0, 0, 0, 59, 160, 0, 260, 0, 8, 4, 0, 0, 50], summary.Layers.Select(l => l.Params));
        Assert.Equal(541, summary.TotalParams);
    }

    [Fact]
    public void Keras3_NewLayers_KeepTheirSettings()
    {
        var layers = Specs.Read(Keras3).Layers;

        Assert.Equal(new Rescaling(0.00392156862745098), layers[0]);
        Assert.Equal(new RandomFlip(FlipMode.Horizontal), layers[1]);
        Assert.Equal(new RandomRotation(new FactorRange(-0.1, 0.1)), layers[2]);
        Assert.Equal(new ZeroPadding2D(new Margins(1, 1, 2, 2)), layers[3]);
        Assert.Equal(new LeakyReLU(0.2), layers[6]);
        Assert.Equal(new UpSampling2D(Size2.Square(2)), layers[11]);
    }

    // tf.keras 2 writes LeakyReLU's slope as alpha (float32 noise included); Keras 2 ELU alpha; ReLU max_value.
    public static TheoryData<string, Layer> Keras2Layers => new()
    {
        { """{"class_name": "LeakyReLU", "config": {"name": "l", "trainable": true, "dtype": "float32", "alpha": 0.30000001192092896}}""", new LeakyReLU(0.30000001192092896) },
        { """{"class_name": "ELU", "config": {"name": "e", "trainable": true, "alpha": 1.0}}""", new ELU(1.0) },
        { """{"class_name": "ReLU", "config": {"name": "r", "trainable": true, "max_value": 6.0, "negative_slope": 0.0, "threshold": 0.0}}""", new ReLU(6.0) },
        { """{"class_name": "Softmax", "config": {"name": "s", "trainable": false, "axis": -1}}""", new Softmax() { Trainable = false } },
        { """{"class_name": "GaussianNoise", "config": {"name": "g", "trainable": true, "stddev": 0.1}}""", new GaussianNoise(0.1) },
        { """{"class_name": "SpatialDropout2D", "config": {"name": "s", "trainable": true, "rate": 0.2, "noise_shape": null, "seed": null}}""", new SpatialDropout2D(0.2) },
        { """{"class_name": "Permute", "config": {"name": "p", "trainable": true, "dims": [2, 1, 3]}}""", new Permute([2, 1, 3]) },
    };

    [Theory]
    [MemberData(nameof(Keras2Layers))]
    public void Keras2_ActivationNoiseAndShapeLayers_ReadAsKerasWritesThem(string layer, Layer expected)
    {
        var json = $$$"""{"class_name": "Sequential", "config": {"name": "m", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 1], "name": "i"}}, {{{layer}}}]}, "keras_version": "2.11.0"}""";

        Assert.Equal(expected, Specs.Read(json).Layers[0]);
    }

    [Theory]
    [InlineData("\"interpolation\": \"nearest\"", "\"interpolation\": \"lanczos3\"", "config.layers[12].config.interpolation", "\"lanczos3\" is not supported")]
    [InlineData("\"rms_scaling\": false", "\"rms_scaling\": true", "config.layers[10].config.rms_scaling", "rms_scaling")]
    [InlineData("\"fill_value\": 0.0", "\"fill_value\": 0.5", "config.layers[3].config.fill_value", "fill_value 0.5")]
    [InlineData("\"mode\": \"horizontal\"", "\"mode\": \"sideways\"", "config.layers[2].config.mode", "\"sideways\" is not supported")]
    public void Keras3_NewLayerAltered_ErrorAtPath(string find, string replace, string path, string message)
    {
        Assert.Contains(find, Keras3, StringComparison.Ordinal);

        var error = Specs.SingleError(Keras3.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
