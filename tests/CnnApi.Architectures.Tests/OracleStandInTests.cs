using System.Text.Json;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Tests;

/// <summary>
/// The four layers the TensorFlow.js oracle (tests/tfjs/summarize.js) cannot check, because tfjs 4.22 lacks them
/// (Subtract, SpatialDropout2D, the random augmentation layers) or gets their shape wrong (Resizing): each is checked
/// here against numbers Keras prints, from Keras's source and docs (cited on each case) and, where the shared folder
/// exists, from a document Keras itself wrote (/work/shared/keras-real, never copied into the repository).
/// </summary>
public sealed class OracleStandInTests
{
    [Fact]
    public void Subtract_KerasDocsExample_ShapesAndParamsAsKerasPrints()
    {
        // keras/src/layers/merging/subtract.py docstring (and keras.io/api/layers/merging_layers/subtract): Dense(8) on
        // (16,) then Subtract()([x1, x2]) then Dense(4). Keras prints dense (None, 8) 136 = 16·8+8, subtract (None, 8) 0,
        // dense (None, 4) 36 = 8·4+4. Here on a [1, 1, 16] image so that the input is the 3-D one CnnApi takes.
        var summary = Specs.Summary("""
            {"inputShape":[1,1,16],"layers":[
              {"type":"Dense","name":"x1","units":8,"activation":"relu","inputs":"input_1"},
              {"type":"Dense","name":"x2","units":8,"activation":"relu","inputs":"input_1"},
              {"type":"Subtract","name":"subtracted","inputs":["x1","x2"]},
              {"type":"Dense","name":"out","units":4}]}
            """);

        Assert.Equal(["input_1:1x1x16:0", "x1:1x1x8:136", "x2:1x1x8:136", "subtracted:1x1x8:0", "out:1x1x4:36"],
            summary.Layers.Select(l => $"{l.Name}:{Specs.Dims(l.OutputDims)}:{l.Params}"));
        Assert.Equal(["x1", "x2"], summary.Layers[3].ConnectedTo);
    }

    [Theory]
    // Subtract.build: "A `Subtract` layer should be called on exactly 2 inputs" (keras/src/layers/merging/subtract.py).
    [InlineData("""["input_1","input_1","input_1"]""", "takes exactly 2 inputs, got 3")]
    // Merge._compute_elemwise_op_output_shape (keras/src/layers/merging/base_merge.py): unequal sizes other than 1 fail.
    [InlineData("""["input_1","c"]""", "do not match")]
    public void Subtract_WrongInputs_IsAnErrorAsInKeras(string inputs, string message)
    {
        var error = Specs.SingleError($$"""
            {"inputShape":[8,8,2],"layers":[{"type":"Conv2D","name":"c","filters":3,"kernelSize":1,"inputs":"input_1"},
              {"type":"Subtract","name":"s","inputs":{{inputs}}}]}
            """);

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Subtract_BroadcastsAOneAsKerasMergeDoes()
    {
        // Merge._compute_elemwise_op_output_shape: sizes aligned from the right, a 1 takes the other size: (8, 8, 1) − (8, 8, 3) → (8, 8, 3).
        var summary = Specs.Summary("""
            {"inputShape":[8,8,1],"layers":[{"type":"Conv2D","name":"c","filters":3,"kernelSize":1,"inputs":"input_1"},
              {"type":"Subtract","name":"s","inputs":["input_1","c"]}]}
            """);

        Assert.Equal("8x8x3", Specs.Dims(summary.Layers[^1].OutputDims));
    }

    [Theory]
    // SpatialDropout2D: compute_output_shape returns input_shape and build makes no weights
    // (keras/src/layers/regularization/spatial_dropout.py; Dropout's base): Keras prints the input shape and 0.
    [InlineData("[28,28,1]", """{"type":"SpatialDropout2D","rate":0.3}""", "28x28x1")]
    [InlineData("[3,16,16]", """{"type":"SpatialDropout2D","rate":0.3,"dataFormat":"channels_first"}""", "3x16x16")]
    // RandomFlip/RandomRotation/RandomTranslation/RandomZoom: compute_output_shape returns input_shape, no weights
    // (keras/src/layers/preprocessing/image_preprocessing/random_*.py).
    [InlineData("[256,256,3]", """{"type":"RandomFlip","mode":"horizontal_and_vertical"}""", "256x256x3")]
    [InlineData("[256,256,3]", """{"type":"RandomRotation","factor":[-0.2,0.2]}""", "256x256x3")]
    [InlineData("[32,24,3]", """{"type":"RandomTranslation","heightFactor":0.2,"widthFactor":0.1}""", "32x24x3")]
    [InlineData("[32,24,3]", """{"type":"RandomZoom","heightFactor":[-0.3,0.1]}""", "32x24x3")]
    [InlineData("[3,32,24]", """{"type":"RandomZoom","heightFactor":0.1,"dataFormat":"channels_first"}""", "3x32x24")]
    // Resizing.compute_output_shape (keras/src/layers/preprocessing/image_preprocessing/resizing.py; keras.io "Output
    // shape: (..., target_height, target_width, channels), or (..., channels, target_height, target_width)"):
    // height and width replaced, channels kept; tfjs 4.22 puts the height in the batch position instead.
    [InlineData("[28,28,3]", """{"type":"Resizing","height":64,"width":32}""", "64x32x3")]
    [InlineData("[100,60,1]", """{"type":"Resizing","height":28,"width":28,"cropToAspectRatio":true}""", "28x28x1")]
    [InlineData("[3,28,28]", """{"type":"Resizing","height":8,"width":4,"dataFormat":"channels_first"}""", "3x8x4")]
    public void ShapeOnlyStandIn_HandChecked_KerasShapeAndNoWeights(string input, string layer, string expected)
    {
        var row = Assert.Single(Specs.Summary(Specs.With(input, layer)).Layers);

        Assert.Equal((expected, 0L, 0L), (Specs.Dims(row.OutputDims), row.Params, row.Macs));
    }

    [Fact]
    public void RealKeras3Document_ResizingAndRandomLayers_ShapesKerasWrote()
    {
        // bad-k3-226ykcaj-augment.json (Keras 3): a Sequential of Resizing(256, 256) and Rescaling, then one of
        // RandomFlip and RandomRotation, on (256, 256, 3). Keras wrote each layer's build_config input_shape: the next
        // layer's is the shape Keras computed for the one before, so conv2d's [None, 256, 256, 3] is the random block's output.
        const string file = "/work/shared/keras-real/docs/bad-k3-226ykcaj-augment.json";
        if (!File.Exists(file))
            return;  // another machine: the shared documents are not there and must not be copied in
        var json = File.ReadAllText(file);
        using var document = JsonDocument.Parse(json);
        var layers = document.RootElement.GetProperty("config").GetProperty("layers").EnumerateArray().ToList();
        var built = layers.Where(l => l.TryGetProperty("build_config", out _))
            .ToDictionary(l => l.GetProperty("config").GetProperty("name").GetString()!,
                l => string.Join("x", l.GetProperty("build_config").GetProperty("input_shape").EnumerateArray().Skip(1).Select(d => d.GetInt64())));

        var summary = Specs.Summary(Specs.Read(json));

        var rows = summary.Layers.ToDictionary(l => l.Name);
        Assert.Equal(built["sequential_1"], Specs.Dims(rows["sequential"].OutputDims));  // Resizing + Rescaling
        Assert.Equal(built["conv2d"], Specs.Dims(rows["sequential_1"].OutputDims));      // RandomFlip + RandomRotation
        Assert.Equal((0L, 0L), (rows["sequential"].Params, rows["sequential_1"].Params));
    }
}
