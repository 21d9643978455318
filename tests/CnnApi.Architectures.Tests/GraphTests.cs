namespace CnnApi.Architectures.Tests;

/// <summary>Functional graphs in the spec format: order, Connected to, counts, receptive fields, the text table and the errors.</summary>
public sealed class GraphTests
{
    // stem 9·1·8+8 = 80; a and b 9·8·8+8 = 584 each; the Add 0; Dense 8·10+10 = 90: 1,338 in all.
    internal const string Residual = """
        {"name":"res","inputShape":[28,28,1],"layers":[
          {"type":"Conv2D","name":"stem","filters":8,"kernelSize":3,"padding":"same","activation":"relu"},
          {"type":"Conv2D","name":"a","filters":8,"kernelSize":3,"padding":"same","activation":"relu"},
          {"type":"Conv2D","name":"b","filters":8,"kernelSize":3,"padding":"same"},
          {"type":"Add","name":"sum","inputs":["stem","b"]},
          {"type":"GlobalAveragePooling2D","name":"gap"},
          {"type":"Dense","name":"out","units":10,"activation":"softmax"}]}
        """;

    [Fact]
    public void Residual_Summary_InputRowThenTopologicalOrderWithConnections()
    {
        var summary = Specs.Summary(Residual);

        Assert.Equal(["input_1", "stem", "a", "b", "sum", "gap", "out"], summary.Layers.Select(l => l.Name));
        Assert.Equal("InputLayer", summary.Layers[0].Type);
        Assert.Equal(["stem", "b"], summary.Layers[4].ConnectedTo);
        Assert.Equal(["input_1"], summary.Layers[1].ConnectedTo);
        Assert.Empty(summary.Layers[0].ConnectedTo);
        Assert.Equal((1338, 1338), (summary.TotalParams, summary.TrainableParams));
        Assert.Equal([0L, 80, 584, 584, 0, 0, 90], summary.Layers.Select(l => l.Params));
    }

    [Fact]
    public void Residual_ReceptiveField_LargestOverPaths()
    {
        var summary = Specs.Summary(Residual);

        // The skip path sees 3×3 (stem), the main path 7×7 (three 3×3 convs): the Add reports 7×7.
        Assert.Equal([1L, 3, 5, 7, 7], summary.Layers.Take(5).Select(l => l.ReceptiveField!.Size[0]));
    }

    [Fact]
    public void Residual_Text_KerasFunctionalLayout()
    {
        string[] expected =
        [
            "Model: \"res\"",
            new string('_', 98),
            "Layer (type)                    Output Shape         Param #     Connected to                     ",
            new string('=', 98),
            "input_1 (InputLayer)            (None, 28, 28, 1)    0                                            ",
            new string('_', 98),
            "stem (Conv2D)                   (None, 28, 28, 8)    80          input_1[0][0]                    ",
            new string('_', 98),
            "a (Conv2D)                      (None, 28, 28, 8)    584         stem[0][0]                       ",
            new string('_', 98),
            "b (Conv2D)                      (None, 28, 28, 8)    584         a[0][0]                          ",
            new string('_', 98),
            "sum (Add)                       (None, 28, 28, 8)    0           stem[0][0]                       ",
            "                                                                 b[0][0]                          ",
            new string('_', 98),
            "gap (GlobalAveragePooling2D)    (None, 8)            0           sum[0][0]                        ",
            new string('_', 98),
            "out (Dense)                     (None, 10)           90          gap[0][0]                        ",
            new string('=', 98),
            "Total params: 1,338 (5.23 KB)",
        ];

        // Lines produced by Keras 2.2.4's print_summary (line_length 98, positions [.33, .55, .67, 1.]).
        Assert.Equal(expected, Specs.Summary(Residual).Text.Split('\n').Take(expected.Length));
    }

    [Fact]
    public void LinearGraph_Text_SequentialLikeLayoutWithInputRow()
    {
        var text = Specs.Summary("""{"name":"m","inputShape":[4,4,1],"layers":[{"type":"Flatten","name":"f","inputs":"input_1"},{"type":"Dense","units":2,"name":"d"}]}""").Text;

        // Keras prints a graph whose layers each take one input, one after the other, as it prints a Sequential model.
        Assert.Contains("input_1 (InputLayer)         (None, 4, 4, 1)           0         \n", text);
        Assert.DoesNotContain("Connected to", text);
    }

    [Fact]
    public void Concatenate_Branches_SumsTheAxis()
    {
        var summary = Specs.Summary("""
            {"inputShape":[8,8,3],"layers":[
              {"type":"Conv2D","name":"p","filters":4,"kernelSize":1,"inputs":"input_1"},
              {"type":"Conv2D","name":"q","filters":6,"kernelSize":3,"padding":"same","inputs":"input_1"},
              {"type":"MaxPooling2D","name":"r","poolSize":3,"strides":1,"padding":"same","inputs":["input_1"]},
              {"type":"Concatenate","name":"cat","inputs":["p","q","r"]}]}
            """);

        // An Inception-style block: 4 + 6 + 3 channels.
        Assert.Equal("8x8x13", Specs.Dims(summary.Layers[^1].OutputDims));
        Assert.Equal(1 * 3 * 4 + 4 + 9 * 3 * 6 + 6, summary.TotalParams);
    }

    [Theory]
    [InlineData("""[{"type":"Dense","units":2,"name":"a","inputs":"b"},{"type":"Dense","units":2,"name":"b","inputs":"a"}]""", "layers", "'a', 'b' form a cycle")]
    [InlineData("""[{"type":"Flatten","name":"f","inputs":"nope"}]""", "layers[0].inputs", "'f' takes 'nope', which is no layer of the model (dangling input)")]
    [InlineData("""[{"type":"Conv2D","name":"c","filters":2,"kernelSize":3},{"type":"Add","name":"s","inputs":["input_1","c"]}]""", "layers[1]", "'s' (Add: the input shapes (None, 8, 8, 1), (None, 6, 6, 2) do not match)")]
    [InlineData("""[{"type":"Flatten","name":"f"},{"type":"Flatten","name":"g","inputs":"input_1"}]""", "layers[0]", "'f' are not used")]
    [InlineData("""[{"type":"Flatten","name":"f"},{"type":"Flatten","name":"f"}]""", "layers[1].name", "'f' is used twice")]
    [InlineData("""[{"type":"Flatten","name":"input_1","inputs":"input_1"}]""", "layers[0].name", "'input_1' is used twice")]
    [InlineData("""[{"type":"Subtract","inputs":["input_1","input_1","input_1"]}]""", "layers[0].inputs", "takes exactly 2 inputs, got 3")]
    [InlineData("""[{"type":"Flatten","inputs":["input_1","input_1"]}]""", "layers[0].inputs", "takes one input, got 2")]
    [InlineData("""[{"type":"Flatten","name":"f","inputs":"input_1"},{"type":"Concatenate","axis":1,"inputs":["input_1","f"]}]""", "layers[1]", "must match on every axis but axis 1")]
    public void Graph_Invalid_ErrorNamesTheLayers(string layers, string path, string message)
    {
        var error = Specs.SingleError($$"""{"inputShape":[8,8,1],"layers":{{layers}}}""");

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_LaterLayerFeedsEarlier_SortedTopologically()
    {
        var summary = Specs.Summary("""{"inputShape":[8,8,1],"layers":[{"type":"Dense","units":3,"name":"d","inputs":"f"},{"type":"Flatten","name":"f","inputs":"input_1"},{"type":"Dense","units":1,"name":"o","inputs":"d"}]}""");

        Assert.Equal(["input_1", "f", "d", "o"], summary.Layers.Select(l => l.Name));
    }

    [Fact]
    public void NestedSequential_OneRow_WithItsWeights()
    {
        var summary = Specs.Summary("""
            {"inputShape":[28,28,1],"layers":[
              {"type":"Sequential","name":"base","trainable":false,"layers":[
                {"type":"Conv2D","filters":4,"kernelSize":3},{"type":"MaxPooling2D"},{"type":"BatchNormalization"}]},
              {"type":"Flatten"},{"type":"Dense","units":10}]}
            """);

        // base: conv 9·4+4 = 40, BN 4·4 = 16 → 56, all frozen; 13·13·4 = 676 features; Dense 6,770.
        Assert.Equal(["base", "flatten", "dense"], summary.Layers.Select(l => l.Name));
        Assert.Equal(("Sequential", "13x13x4", 56L, 56L), (summary.Layers[0].Type, Specs.Dims(summary.Layers[0].OutputDims), summary.Layers[0].Params, summary.Layers[0].NonTrainableParams));
        Assert.Equal((6826, 56), (summary.TotalParams, summary.NonTrainableParams));
        Assert.Equal(4L, summary.Layers[0].ReceptiveField!.Size[0]);  // 3×3 conv then 2×2 pool: 3 + (2 − 1)·1
    }

    [Fact]
    public void NestedModel_WrongDeclaredInput_ErrorNamesIt()
    {
        var error = Specs.SingleError("""{"inputShape":[28,28,1],"layers":[{"type":"Functional","name":"inner","inputShape":[32,32,1],"layers":[{"type":"Flatten"}]}]}""");

        Assert.Equal("layers[0]", error.Path);
        Assert.Contains("Functional 'inner' takes (32, 32, 1) but is called on (None, 28, 28, 1)", error.Message);
    }

    [Fact]
    public void Sequential_GivenNames_KeptAndFreshNamesAvoidThem()
    {
        var summary = Specs.Summary(Specs.With("[4,4,1]", """{"type":"Flatten","name":"dense"}""", """{"type":"Dense","units":2}"""));
        var duplicate = Specs.SingleError(Specs.With("[4,4,1]", """{"type":"Flatten","name":"x"}""", """{"type":"Dense","units":2,"name":"x"}"""));

        Assert.Equal(["dense", "dense_1"], summary.Layers.Select(l => l.Name));
        Assert.Equal("layers[1].name", duplicate.Path);
    }
}
