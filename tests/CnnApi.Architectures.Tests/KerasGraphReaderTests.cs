using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Tests;

/// <summary>Functional documents in the layouts tf.keras 2.x and Keras 3 write, with nested models.</summary>
public sealed class KerasGraphReaderTests
{
    // tf.keras 2.x: inbound_nodes [[["name", node, tensor, {kwargs}], …]], input_layers/output_layers [[name, 0, 0]].
    private const string Keras2 = """
        {"class_name": "Functional", "config": {"name": "model", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
          {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": "float32", "filters": 8, "kernel_size": [3, 3], "strides": [1, 1],
            "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true}, "name": "conv2d", "inbound_nodes": [[["input_1", 0, 0, {}]]]},
          {"class_name": "Conv2D", "config": {"name": "conv2d_1", "trainable": true, "dtype": "float32", "filters": 8, "kernel_size": [3, 3], "strides": [1, 1],
            "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear", "use_bias": true}, "name": "conv2d_1", "inbound_nodes": [[["conv2d", 0, 0, {}]]]},
          {"class_name": "Add", "config": {"name": "add", "trainable": true, "dtype": "float32"}, "name": "add", "inbound_nodes": [[["conv2d", 0, 0, {}], ["conv2d_1", 0, 0, {}]]]},
          {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}, "name": "flatten", "inbound_nodes": [[["add", 0, 0, {}]]]},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 10, "activation": "softmax", "use_bias": true}, "name": "dense", "inbound_nodes": [[["flatten", 0, 0, {}]]]}],
          "input_layers": [["input_1", 0, 0]], "output_layers": [["dense", 0, 0]]}, "keras_version": "2.11.0", "backend": "tensorflow"}
        """;

    // Keras 3: inbound_nodes [{"args": [keras tensors], "kwargs": {}}], a merge's args holding a list of tensors; a nested Sequential.
    private const string Keras3 = """
        {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "functional", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28, 1], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null, "name": "input_layer", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
            "filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true},
           "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 1]}, "name": "conv2d",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 28, 28, 1], "dtype": "float32", "keras_history": ["input_layer", 0, 0]}}], "kwargs": {}}]},
          {"module": "keras", "class_name": "Sequential", "config": {"name": "block", "trainable": true, "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28, 8], "dtype": "float32", "sparse": false, "name": "block_input"}, "registered_name": null},
              {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d_1", "trainable": true, "filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same",
                "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear", "use_bias": true}, "registered_name": null},
              {"module": "keras.layers", "class_name": "BatchNormalization", "config": {"name": "batch_normalization", "trainable": true, "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": true}, "registered_name": null}]},
           "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 8]}, "name": "block",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 28, 28, 8], "dtype": "float32", "keras_history": ["conv2d", 0, 0]}}], "kwargs": {"training": false}}]},
          {"module": "keras.layers", "class_name": "Add", "config": {"name": "add", "trainable": true, "dtype": "float32"}, "registered_name": null, "build_config": {"input_shape": [[null, 28, 28, 8], [null, 28, 28, 8]]}, "name": "add",
           "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 28, 28, 8], "dtype": "float32", "keras_history": ["conv2d", 0, 0]}},
                                      {"class_name": "__keras_tensor__", "config": {"shape": [null, 28, 28, 8], "dtype": "float32", "keras_history": ["block", 1, 0]}}]], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "GlobalAveragePooling2D", "config": {"name": "gap", "trainable": true, "data_format": "channels_last", "keepdims": false}, "registered_name": null, "name": "gap",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 28, 28, 8], "dtype": "float32", "keras_history": ["add", 0, 0]}}], "kwargs": {}}]},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "units": 10, "activation": "softmax", "use_bias": true}, "registered_name": null, "name": "dense",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 8], "dtype": "float32", "keras_history": ["gap", 0, 0]}}], "kwargs": {}}]}],
          "input_layers": [["input_layer", 0, 0]], "output_layers": [["dense", 0, 0]]}, "registered_name": "Functional", "build_config": {"input_shape": null}}
        """;

    [Fact]
    public void Keras2Functional_Residual_MatchesKeras()
    {
        var summary = Specs.Summary(Keras2);

        // conv2d 9·8+8 = 80, conv2d_1 9·8·8+8 = 584, flatten 28·28·8 = 6,272, dense 62,730.
        Assert.Equal(["input_1", "conv2d", "conv2d_1", "add", "flatten", "dense"], summary.Layers.Select(l => l.Name));
        Assert.Equal(["conv2d", "conv2d_1"], summary.Layers[3].ConnectedTo);
        Assert.Equal(63_394, summary.TotalParams);
    }

    [Fact]
    public void Keras3Functional_NestedSequential_OneRowWithItsWeights()
    {
        var summary = Specs.Summary(Keras3);

        // conv2d 80; block = conv 584 + BN 32 (16 non-trainable); dense 8·10+10 = 90.
        Assert.Equal(["input_layer", "conv2d", "block", "add", "gap", "dense"], summary.Layers.Select(l => l.Name));
        Assert.Equal(("Sequential", 616L), (summary.Layers[2].Type, summary.Layers[2].Params));
        Assert.Equal(["conv2d", "block"], summary.Layers[3].ConnectedTo);
        Assert.Equal((786, 16), (summary.TotalParams, summary.NonTrainableParams));
    }

    [Fact]
    public void Keras3Functional_SpecRoundTrip_SameSummary()
    {
        var architecture = Specs.Read(Keras3);
        var spec = System.Text.Json.JsonSerializer.Serialize(ArchitectureSpec.From(architecture), ArchitectureSpec.JsonOptions);

        Assert.Equal(Specs.Summary(Keras3).Layers.Skip(1).Select(l => (l.Name, l.Params)), Specs.Summary(spec).Layers.Skip(1).Select(l => (l.Name, l.Params)));
    }

    [Theory]
    // flatten called twice (a shared layer) but its second call leads nowhere
    [InlineData("\"inbound_nodes\": [[[\"add\", 0, 0, {}]]]", "\"inbound_nodes\": [[[\"add\", 0, 0, {}]], [[\"add\", 0, 0, {}]]]", "config.layers[4]", "'flatten[1]' are not used")]
    [InlineData("\"inbound_nodes\": [[[\"add\", 0, 0, {}]]]", "\"inbound_nodes\": [[[\"nowhere\", 0, 0, {}]]]", "config.layers[4].inbound_nodes", "'flatten' takes 'nowhere', which is no layer of the model")]
    [InlineData("\"inbound_nodes\": [[[\"add\", 0, 0, {}]]]", "\"inbound_nodes\": [[[\"add\", 0, 1, {}]]]", "config.layers[4].inbound_nodes", "several outputs")]
    [InlineData("\"output_layers\": [[\"dense\", 0, 0]]", "\"output_layers\": [[\"dense\", 0, 0], [\"add\", 0, 0]]", "config.output_layers", "models with 2 outputs are not supported")]
    [InlineData("{\"class_name\": \"Flatten\"", "{\"class_name\": \"Lambda\"", "config.layers[4].class_name", "'Lambda' is not supported")]
    [InlineData("\"name\": \"conv2d_1\", \"inbound_nodes\": [[[\"conv2d\", 0, 0, {}]]]", "\"name\": \"conv2d_1\", \"inbound_nodes\": [[[\"add\", 0, 0, {}]]]", "config.layers", "form a cycle")]
    public void Keras2Functional_Altered_ErrorAtPath(string find, string replace, string path, string message)
    {
        Assert.Contains(find, Keras2, StringComparison.Ordinal);

        var error = Specs.SingleError(Keras2.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keras2Functional_TwoInputs_Refused()
    {
        var json = Keras2.Replace("""{"class_name": "Add", """, """{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 8], "name": "input_2"}, "name": "input_2", "inbound_nodes": []}, {"class_name": "Add", """, StringComparison.Ordinal);

        var errors = ArchitectureReader.Read(json).Errors;

        Assert.Contains(errors, e => e.Path == "config.layers[3].class_name" && e.Message.Contains("several inputs ('input_1', 'input_2')"));
    }
}
