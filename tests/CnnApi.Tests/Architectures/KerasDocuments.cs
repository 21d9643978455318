namespace CnnApi.Tests.Architectures;

/// <summary>
/// <c>model.to_json()</c> output as TensorFlow 2.12 (Keras 2) and Keras 3 write it, trimmed of initializer and
/// regularizer details the reader ignores but otherwise in their real layouts.
/// </summary>
internal static class KerasDocuments
{
    private static string Conv2(string name) => $$$"""
        {"class_name": "Conv2D", "config": {"name": "{{{name}}}", "trainable": true, "dtype": "float32", "filters": 32,
         "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last",
         "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true,
         "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
         "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}
        """;

    /// <summary>seed-valid as tf.keras 2.12 saves it: config.layers, an InputLayer with batch_input_shape.</summary>
    public static readonly string Keras2SeedValid = $$$"""
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": "float32", "sparse": false, "ragged": false, "name": "conv2d_input"}},
          {{{Conv2("conv2d")}}}, {{{Conv2("conv2d_1")}}}, {{{Conv2("conv2d_2")}}},
          {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 128, "activation": "relu", "use_bias": true}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 10, "activation": "softmax", "use_bias": true}}
        ]}, "keras_version": "2.12.0", "backend": "tensorflow"}
        """;

    private const string Policy = """{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}""";

    /// <summary>Keras 3.x: module/registered_name wrappers, DTypePolicy objects, batch_shape, build_config.</summary>
    public static readonly string Keras3WithBatchNorm = $$$"""
        {"module": "keras", "class_name": "Sequential", "config": {"name": "keras3_model", "trainable": true, "dtype": {{{Policy}}}, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28, 1], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": {{{Policy}}}, "filters": 32,
            "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
            "activation": "relu", "use_bias": true, "kernel_regularizer": null, "lora_rank": null}, "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 1]}},
          {"module": "keras.layers", "class_name": "BatchNormalization", "config": {"name": "batch_normalization", "trainable": true, "dtype": {{{Policy}}},
            "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": true, "synchronized": false}, "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 32]}},
          {"module": "keras.layers", "class_name": "MaxPooling2D", "config": {"name": "max_pooling2d", "trainable": true, "dtype": {{{Policy}}},
            "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}, "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 32]}},
          {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": {{{Policy}}}, "data_format": "channels_last"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": {{{Policy}}}, "units": 10,
            "activation": "softmax", "use_bias": true, "lora_rank": null}, "registered_name": null, "build_config": {"input_shape": [null, 6272]}}
        ], "build_input_shape": [null, 28, 28, 1]}, "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 1]}, "compile_config": null}
        """;

    /// <summary>A Keras 2 document with one layer replaced: index 1 of config.layers is <paramref name="layer"/>.</summary>
    public static string Keras2With(string layer) => $$$"""
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": "float32", "name": "input"}},
          {{{layer}}},
          {"class_name": "Flatten", "config": {"name": "flatten"}},
          {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow"}
        """;
}
