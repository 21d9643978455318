using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Tests;

/// <summary>Hand-written documents in the layouts Keras's <c>model.to_json()</c> writes.</summary>
public sealed class KerasJsonReaderTests
{
    // Keras ≤ 2.2.2: config is the plain layer list, the input shape sits on the first layer.
    private const string Keras2List = """
        {"class_name": "Sequential", "keras_version": "2.1.6", "backend": "tensorflow", "config": [
          {"class_name": "Conv2D", "config": {"name": "conv2d_7", "trainable": true, "batch_input_shape": [null, 28, 28, 1],
            "dtype": "float32", "filters": 32, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
            "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "relu", "use_bias": true,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}},
            "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 3}}, "bias_constraint": null}},
          {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d_3", "trainable": true, "pool_size": [2, 2], "padding": "valid", "strides": null, "data_format": "channels_last"}},
          {"class_name": "Flatten", "config": {"name": "flatten_2", "trainable": true, "data_format": "channels_last"}},
          {"class_name": "Dense", "config": {"name": "dense_9", "trainable": true, "units": 10, "activation": "softmax", "use_bias": true,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}]}
        """;

    // tf.keras 2.x: {name, layers} with an InputLayer carrying batch_input_shape, BN axis as a list.
    private const string Keras2Dict = """
        {"class_name": "Sequential", "config": {"name": "my_model", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 32, 32, 3], "dtype": "float32", "sparse": false, "ragged": false, "name": "conv2d_input"}},
          {"class_name": "Conv2D", "config": {"name": "c", "trainable": true, "dtype": "float32", "filters": 16, "kernel_size": [3, 3], "strides": [2, 2],
            "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear", "use_bias": false}},
          {"class_name": "BatchNormalization", "config": {"name": "bn", "trainable": true, "dtype": "float32", "axis": [3], "momentum": 0.99, "epsilon": 0.001,
            "center": true, "scale": true, "beta_initializer": {"class_name": "Zeros", "config": {}}}},
          {"class_name": "Activation", "config": {"name": "a", "trainable": true, "dtype": "float32", "activation": "relu"}},
          {"class_name": "GlobalAveragePooling2D", "config": {"name": "g", "trainable": true, "dtype": "float32", "data_format": "channels_last", "keepdims": false}},
          {"class_name": "Dropout", "config": {"name": "d", "trainable": true, "dtype": "float32", "rate": 0.3, "noise_shape": null, "seed": null}},
          {"class_name": "Dense", "config": {"name": "out", "trainable": true, "dtype": "float32", "units": 10, "activation": "softmax", "use_bias": true}}]},
         "keras_version": "2.11.0", "backend": "tensorflow"}
        """;

    // Keras 3: module/registered_name, batch_shape, DTypePolicy objects, build_config, no keras_version.
    private const string Keras3 = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential_3", "trainable": true,
          "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
          "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28, 1], "dtype": "float32", "sparse": false, "name": "input_layer_3"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d_9", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last",
              "dilation_rate": [2, 2], "groups": 1, "activation": "gelu", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}},
             "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 1]}},
            {"module": "keras.layers", "class_name": "AveragePooling2D", "config": {"name": "ap", "trainable": true, "dtype": "float32",
              "pool_size": [3, 3], "padding": "same", "strides": [3, 3], "data_format": "channels_last"}, "registered_name": null, "build_config": {"input_shape": [null, 24, 24, 8]}},
            {"module": "keras.layers", "class_name": "BatchNormalization", "config": {"name": "bn", "trainable": false, "axis": -1, "momentum": 0.99, "epsilon": 0.001,
              "center": true, "scale": false, "synchronized": false}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "f", "trainable": true, "dtype": "float32", "data_format": "channels_last"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "trainable": true, "units": 10, "activation": "softmax", "use_bias": true, "lora_rank": null},
             "registered_name": null, "build_config": {"input_shape": [null, 512]}}]},
         "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 1]}, "compile_config": {"optimizer": "adam", "loss": "categorical_crossentropy"}}
        """;

    [Fact]
    public void Keras2List_Summary_MatchesKeras()
    {
        var read = ArchitectureReader.Read(Keras2List);
        var summary = Specs.Summary(read.Architecture!);

        Assert.Equal(SpecFormat.Keras, read.Format);
        Assert.Equal("sequential", summary.Name);
        // 26×26×32 (320) → pool 13×13×32 → 5,408 → 5,408·10+10 = 54,090; total 54,410. Names restart as in a fresh session.
        Assert.Equal(["conv2d 26x26x32 320", "max_pooling2d 13x13x32 0", "flatten 5408 0", "dense 10 54090"],
            summary.Layers.Select(l => $"{l.Name} {Specs.Dims(l.OutputDims)} {l.Params}"));
        Assert.Equal(54_410, summary.TotalParams);
    }

    [Fact]
    public void Keras2Dict_Summary_MatchesKeras()
    {
        var summary = Specs.Summary(Keras2Dict);

        Assert.Equal("my_model", summary.Name);
        // same, stride 2: ceil(32/2) = 16; conv 27·16 = 432 (no bias); BN 4·16 = 64 (32 non-trainable); dense 16·10+10 = 170.
        Assert.Equal(["conv2d 16x16x16 432", "batch_normalization 16x16x16 64", "activation 16x16x16 0",
                      "global_average_pooling2d 16 0", "dropout 16 0", "dense 10 170"],
            summary.Layers.Select(l => $"{l.Name} {Specs.Dims(l.OutputDims)} {l.Params}"));
        Assert.Equal((666, 634, 32), (summary.TotalParams, summary.TrainableParams, summary.NonTrainableParams));
    }

    [Fact]
    public void Keras3_Summary_MatchesKeras()
    {
        var architecture = Specs.Read(Keras3);
        var summary = Specs.Summary(architecture);

        Assert.Equal(new Conv2D(8, Size2.Square(3), Size2.Square(1), Padding.Valid, ActivationKind.Gelu, true, Size2.Square(2)), architecture.Layers[0]);
        // dilation 2: k_eff 5, 28−5+1 = 24, params 9·8+8 = 80; pool same stride 3: ceil(24/3) = 8;
        // frozen BN without scale: 8 beta + 16 moving = 24, all non-trainable; 8·8·8 = 512 → 5,130.
        Assert.Equal(["conv2d 24x24x8 80", "average_pooling2d 8x8x8 0", "batch_normalization 8x8x8 24", "flatten 512 0", "dense 10 5130"],
            summary.Layers.Select(l => $"{l.Name} {Specs.Dims(l.OutputDims)} {l.Params}"));
        Assert.Equal((5_234, 5_210, 24), (summary.TotalParams, summary.TrainableParams, summary.NonTrainableParams));
    }

    [Theory]
    [InlineData("\"padding\": \"valid\", \"data_format\": \"channels_last\"", "\"padding\": \"valid\", \"data_format\": \"channels_middle\"", "config.layers[1].config.data_format", "use \"channels_last\" or \"channels_first\"")]
    [InlineData("\"class_name\": \"Conv2D\"", "\"class_name\": \"Convolution2D\"", "config.layers[1].class_name", "'Convolution2D' (Keras 1; Keras 2 and later write Conv2D) is not supported; supported: Conv2D")]
    [InlineData("\"class_name\": \"Flatten\"", "\"class_name\": \"Lambda\"", "config.layers[4].class_name", "'Lambda' is not supported: a Lambda layer runs Python code")]
    [InlineData("\"class_name\": \"Flatten\"", "\"class_name\": \"MyBlock\"", "config.layers[4].class_name", "'MyBlock' is not supported; supported:")]
    [InlineData("\"class_name\": \"Flatten\", \"config\"", "\"class_name\": \"Functional\", \"config\"", "config.layers[4].config", "a functional model's config must be an object with a list of layers")]
    [InlineData("\"groups\": 1", "\"groups\": 2", "config.layers[1].config.groups", "grouped convolutions")]
    [InlineData("\"lora_rank\": null", "\"lora_rank\": 4", "config.layers[5].config.lora_rank", "LoRA")]
    [InlineData("\"axis\": -1", "\"axis\": 0", "config.layers[3]", "BatchNormalization: axis 0 is not an axis of the (None, 8, 8, 8) input")]
    [InlineData("\"filters\": 8,", "", "config.layers[1].config.filters", "filters is required")]
    [InlineData("\"kernel_size\": [3, 3]", "\"kernel_size\": \"3\"", "config.layers[1].config.kernel_size", "integer or [height, width]")]
    [InlineData("\"activation\": \"gelu\"", "\"activation\": \"hard_sigmoid\"", "config.layers[1].config.activation", "\"hard_sigmoid\" is not supported")]
    [InlineData("\"batch_shape\": [null, 28, 28, 1]", "\"batch_shape\": [null, 784]", "config.layers[0].config.batch_shape", "[null, height, width, channels]")]
    [InlineData("\"name\": \"sequential_3\"", "\"name\": 5", "config.name", "non-blank string")]
    [InlineData("\"class_name\": \"Sequential\"", "\"class_name\": \"Graph\"", "class_name", "only Keras Sequential and functional (Functional, Model) models")]
    public void Keras3_Altered_ErrorAtPath(string find, string replace, string path, string message)
    {
        Assert.Contains(find, Keras3);

        var error = Specs.SingleError(Keras3.Replace(find, replace));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Keras2_NoInputShape_ErrorSaysBuildFirst()
    {
        var error = Specs.SingleError(Keras2List.Replace("\"batch_input_shape\": [null, 28, 28, 1],", ""));

        Assert.Equal("config", error.Path);
        Assert.Contains("no input shape", error.Message);
    }

    [Fact]
    public void Keras_OnlyAnInputLayer_ErrorNeedsLayers()
    {
        var error = Specs.SingleError("""{"class_name": "Sequential", "config": {"name": "m", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 1]}}]}}""");

        Assert.Equal(("config.layers", "a model needs 1 to 200 layers, got 0"), (error.Path, error.Message));
    }

    [Fact]
    public void Keras_TensorFlowJsWrapper_IsUnwrapped()
    {
        var architecture = Specs.Read($$"""{"format": "layers-model", "generatedBy": "keras v2.2.4-tf", "modelTopology": {"keras_version": "2.2.4-tf", "model_config": {{Keras2List}}}, "weightsManifest": []}""");

        Assert.Equal(4, architecture.Layers.Count);
    }

    [Fact]
    public void Keras_TwoUnsupportedLayers_ReportsEach()
    {
        var json = Keras3.Replace("\"class_name\": \"Flatten\"", "\"class_name\": \"Lambda\"").Replace("\"class_name\": \"AveragePooling2D\"", "\"class_name\": \"RandomContrast\"");

        var errors = ArchitectureReader.Read(json).Errors;

        Assert.Equal(["config.layers[2].class_name", "config.layers[4].class_name"], errors.Select(e => e.Path));
    }
}
