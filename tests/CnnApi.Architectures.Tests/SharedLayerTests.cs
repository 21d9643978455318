using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests;

/// <summary>
/// Shared layers: one layer (one set of weights) called several times in a graph. What Keras prints for it comes from
/// tf.keras 2.x <c>print_summary</c> (keras/utils/layer_utils.py): <c>model.layers</c> lists the layer once and
/// <c>layer.count_params()</c> counts its weights once; the "Connected to" cell lists, for every inbound node of the
/// layer in order, <c>inbound_layer.name[node_index][tensor_index]</c>, so a reader of the second call shows
/// <c>shared[1][0]</c>; the output shape is <c>layer.output_shape</c>, which raises AttributeError when the calls'
/// shapes differ, printed as "multiple". A model with a shared layer is never "sequential-like" there (its search for
/// shared layers), so the "Connected to" column is printed even for a chain.
/// </summary>
public sealed class SharedLayerTests
{
    // A weight-tied residual block: "shared" (3·3·4·4 + 4 = 148 weights) runs on the input and on its own relu'd output.
    internal const string TiedResidual = """
        {"name":"tied","inputShape":[8,8,4],"layers":[
          {"type":"Conv2D","name":"shared","filters":4,"kernelSize":3,"padding":"same","inputs":"input_1"},
          {"type":"Activation","name":"act","activation":"relu"},
          {"call":"shared","inputs":"act"},
          {"type":"Add","name":"sum","inputs":["shared[1]","input_1"]},
          {"type":"GlobalAveragePooling2D","name":"gap"},
          {"type":"Dense","name":"out","units":10,"activation":"softmax"}]}
        """;

    [Fact]
    public void TiedResidual_Summary_ParamsOnceAndEveryCallConnected()
    {
        var summary = Specs.Summary(TiedResidual);

        Assert.Equal(["input_1", "shared", "act", "sum", "gap", "out"], summary.Layers.Select(l => l.Name));
        var shared = summary.Layers[1];
        Assert.Equal(148, shared.Params);                                   // counted once, not 296
        Assert.Equal(148 + 50, summary.TotalParams);                        // + Dense 4·10 + 10
        Assert.Equal(["input_1", "act"], shared.ConnectedTo);               // node 0 reads the input, node 1 the relu
        Assert.Equal(["shared[1]", "input_1"], summary.Layers[3].ConnectedTo);
        Assert.Equal(2 * 8 * 8 * 4 * 3 * 3 * 4, shared.Macs);               // each call does the work: 2 · 9,216
        Assert.Equal(2 * 8 * 8 * 4 * 4, shared.ActivationBytes);            // two outputs of 8·8·4 floats
        Assert.Equal(2, shared.OutputShapes!.Count);
    }

    [Fact]
    public void TiedResidual_Text_KerasTableWithNodeIndices()
    {
        var text = Specs.Summary(TiedResidual).Text;

        // Columns cut at 32, 53, 65 and 98 as print_summary's positions [.33, .55, .67, 1.] of 98.
        Assert.Contains(
            "shared (Conv2D)                 (None, 8, 8, 4)      148         input_1[0][0]                    \n" +
            "                                                                 act[0][0]                        \n", text);
        Assert.Contains(
            "sum (Add)                       (None, 8, 8, 4)      0           shared[1][0]                     \n" +
            "                                                                 input_1[0][0]                    \n", text);
        Assert.Contains("Total params: 198 (792.00 B)\n", text);
    }

    [Fact]
    public void SharedLayerOnTwoShapes_Text_PrintsMultiple()
    {
        // The same padding-same conv on the 8×8 input and on a 4×4 pooled copy: (None, 8, 8, 4) and (None, 4, 4, 4).
        var summary = Specs.Summary("""
            {"inputShape":[8,8,4],"layers":[
              {"type":"Conv2D","name":"shared","filters":4,"kernelSize":3,"padding":"same","inputs":"input_1"},
              {"type":"MaxPooling2D","name":"pool","inputs":"input_1"},
              {"call":"shared","inputs":"pool"},
              {"type":"GlobalAveragePooling2D","name":"g1","inputs":"shared"},
              {"type":"GlobalAveragePooling2D","name":"g2","inputs":"shared[1]"},
              {"type":"Concatenate","name":"cat","inputs":["g1","g2"]},
              {"type":"Dense","name":"out","units":10}]}
            """);

        Assert.Contains("shared (Conv2D)                 multiple             148         input_1[0][0]", summary.Text);
        Assert.Equal(["8x8x4", "4x4x4"], summary.Layers[1].Calls.Select(c => Specs.Dims(c.OutputDims)));
        Assert.Equal(148 + 8 * 10 + 10, summary.TotalParams);
    }

    [Fact]
    public void SharedChain_Text_NotSequentialLikeSoConnectedToIsShown()
    {
        // conv → shared → relu → shared again → flatten → dense: every node one input, every tensor read once, but
        // print_summary's "search for shared layers" finds a layer with two nodes: not sequential-like.
        var summary = Specs.Summary("""
            {"inputShape":[6,6,2],"layers":[
              {"type":"Conv2D","name":"stem","filters":3,"kernelSize":1,"inputs":"input_1"},
              {"type":"Conv2D","name":"shared","filters":3,"kernelSize":3,"padding":"same"},
              {"type":"ReLU","name":"relu"},
              {"call":"shared"},
              {"type":"Flatten","name":"flat"},
              {"type":"Dense","name":"out","units":10}]}
            """);

        Assert.Contains("Connected to", summary.Text);
        Assert.Contains(
            "shared (Conv2D)                 (None, 6, 6, 3)      84          stem[0][0]                       \n" +
            "                                                                 relu[0][0]                       \n", summary.Text);
        Assert.Equal(["stem"], summary.Layers[2].Calls[0].References);
        Assert.Equal(["relu"], summary.Layers[2].Calls[1].References);
        Assert.Equal(["shared[1]"], summary.Layers[^2].ConnectedTo);
        Assert.Equal(9 + 84 + 1090, summary.TotalParams);  // 1·2·3+3, 3·3·3·3+3, 108·10+10
    }

    [Theory]
    [InlineData("""{"call":"nowhere","inputs":"input_1"}""", "layers[1].call", "'nowhere' is no named layer")]
    [InlineData("""{"call":"d","units":3}""", "layers[1].units", "a call of a shared layer takes only call and inputs")]
    public void SharedCall_Invalid_ErrorNamesIt(string call, string path, string message)
    {
        var error = Specs.SingleError($$"""{"inputShape":[4,4,2],"layers":[{"type":"Dense","name":"d","units":2,"inputs":"input_1"},{{call}},{"type":"Flatten"}]}""");

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void SharedCall_OtherWeights_IsAnErrorNamingBoth()
    {
        // Dense(2) built on 2 features (6 weights) cannot take the 3 features of "c": Keras's input_spec refuses it.
        var error = Specs.SingleError("""
            {"inputShape":[4,4,2],"layers":[{"type":"Dense","name":"d","units":2,"inputs":"input_1"},
              {"type":"Conv2D","name":"c","filters":3,"kernelSize":1,"inputs":"input_1"},
              {"call":"d","inputs":"c"},{"type":"Add","name":"s","inputs":["d","d[1]"]},{"type":"Flatten"}]}
            """);

        Assert.Contains("'d[1]' calls the shared layer 'd' on (None, 4, 4, 3)", error.Message);
    }

    [Fact]
    public void SharedCall_AsTheOutput_IsRefusedWithTheWayOut()
    {
        var error = Specs.SingleError("""
            {"inputShape":[4,4,2],"layers":[{"type":"Dense","name":"d","units":2,"inputs":"input_1"},{"call":"d"}]}
            """);

        Assert.Contains("the model's output is call 1 of the shared layer 'd'", error.Message);
    }

    [Fact]
    public void TiedResidual_SpecRoundTrip_SameSummary()
    {
        var architecture = Specs.Read(TiedResidual);
        var json = System.Text.Json.JsonSerializer.Serialize(ArchitectureSpec.From(architecture), ArchitectureSpec.JsonOptions);

        Assert.Contains("{\"call\":\"shared\",\"inputs\":[\"act\"]}", json);
        Assert.Equal(Specs.Summary(architecture).Text, Specs.Summary(json).Text);
    }

    [Fact]
    public void KerasDocument_LayerCalledPastTheLayerLimit_Refused()
    {
        var nodes = string.Join(", ", Enumerable.Repeat("[[\"input_1\", 0, 0, {}]]", 2 * SpecLimits.MaxLayers));
        var json = $$$"""
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 1], "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
              {"class_name": "Flatten", "config": {"name": "f"}, "name": "f", "inbound_nodes": [{{{nodes}}}]}],
              "input_layers": [["input_1", 0, 0]], "output_layers": [["f", 0, 0]]}}
            """;

        var errors = ArchitectureReader.Read(json).Errors;

        Assert.Contains(errors, e => e.Path == "config.layers[1].inbound_nodes" && e.Message.Contains("layers and layer calls are allowed in all"));
    }

    [Fact]
    public void Keras2AndKeras3Documents_SharedLayer_ReadAsTheSpec()
    {
        // tf.keras 2.x: a layer called twice has two inbound nodes; a reader of the second names node 1.
        var keras2 = """
            {"class_name": "Functional", "config": {"name": "tied", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 4], "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
              {"class_name": "Conv2D", "config": {"name": "shared", "filters": 4, "kernel_size": [3, 3], "padding": "same"}, "name": "shared",
               "inbound_nodes": [[["input_1", 0, 0, {}]], [["act", 0, 0, {}]]]},
              {"class_name": "Activation", "config": {"name": "act", "activation": "relu"}, "name": "act", "inbound_nodes": [[["shared", 0, 0, {}]]]},
              {"class_name": "Add", "config": {"name": "sum"}, "name": "sum", "inbound_nodes": [[["shared", 1, 0, {}], ["input_1", 0, 0, {}]]]},
              {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}, "name": "gap", "inbound_nodes": [[["sum", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "out", "units": 10, "activation": "softmax"}, "name": "out", "inbound_nodes": [[["gap", 0, 0, {}]]]}],
              "input_layers": [["input_1", 0, 0]], "output_layers": [["out", 0, 0]]}, "keras_version": "2.11.0"}
            """;
        // Keras 3: the same nodes as {"args": [keras tensors]} with keras_history [name, node, tensor].
        var keras3 = """
            {"class_name": "Functional", "config": {"name": "tied", "layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 4], "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
              {"class_name": "Conv2D", "config": {"name": "shared", "filters": 4, "kernel_size": [3, 3], "padding": "same"}, "name": "shared",
               "inbound_nodes": [{"args": [T(input_1,0)], "kwargs": {}}, {"args": [T(act,0)], "kwargs": {}}]},
              {"class_name": "Activation", "config": {"name": "act", "activation": "relu"}, "name": "act", "inbound_nodes": [{"args": [T(shared,0)], "kwargs": {}}]},
              {"class_name": "Add", "config": {"name": "sum"}, "name": "sum", "inbound_nodes": [{"args": [[T(shared,1), T(input_1,0)]], "kwargs": {}}]},
              {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}, "name": "gap", "inbound_nodes": [{"args": [T(sum,0)], "kwargs": {}}]},
              {"class_name": "Dense", "config": {"name": "out", "units": 10, "activation": "softmax"}, "name": "out", "inbound_nodes": [{"args": [T(gap,0)], "kwargs": {}}]}],
              "input_layers": [["input_1", 0, 0]], "output_layers": [["out", 0, 0]]}}
            """;
        keras3 = System.Text.RegularExpressions.Regex.Replace(keras3, @"T\((\w+),(\d)\)",
            m => $"{{\"class_name\": \"__keras_tensor__\", \"config\": {{\"keras_history\": [\"{m.Groups[1].Value}\", {m.Groups[2].Value}, 0]}}}}");
        var expected = Specs.Summary(TiedResidual).Text.Replace("Model: \"tied\"", "", StringComparison.Ordinal);

        Assert.Equal(expected, Specs.Summary(keras2).Text.Replace("Model: \"tied\"", "", StringComparison.Ordinal));
        Assert.Equal(expected, Specs.Summary(keras3).Text.Replace("Model: \"tied\"", "", StringComparison.Ordinal));
    }
}
