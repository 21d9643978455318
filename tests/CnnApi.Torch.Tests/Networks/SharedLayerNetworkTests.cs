using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Networks;

/// <summary>A shared layer in torch: one module (its weights counted once, as in the summary) run once per call.</summary>
public sealed class SharedLayerNetworkTests
{
    // 28×28×1 → stem conv (8) → shared conv (8→8, same) → relu → shared conv again → add the stem → GAP → Dense 10.
    private const string Tied = """
        {"name":"tied","inputShape":[28,28,1],"layers":[
          {"type":"Conv2D","name":"stem","filters":8,"kernelSize":3,"strides":2,"activation":"relu"},
          {"type":"Conv2D","name":"shared","filters":8,"kernelSize":3,"padding":"same"},
          {"type":"ReLU","name":"relu"},
          {"call":"shared"},
          {"type":"Add","name":"sum","inputs":["shared[1]","stem"]},
          {"type":"GlobalAveragePooling2D","name":"gap"},
          {"type":"Dense","name":"out","units":10,"activation":"softmax"}]}
        """;

    [Fact]
    public void TiedNetwork_Build_OneModuleAndTheSummaryCount()
    {
        using var scope = NewDisposeScope();
        var summary = Summarizer.Summarize(ArchitectureReader.Read(Tied).Architecture!).Summary!;
        using var network = NetworkBuilder.Build(NetworkLayers.From(summary));

        Assert.Equal(["stem", "shared", "relu", "gap", "out"], network.named_children().Select(c => c.name));
        Assert.Equal(summary.TotalParams, network.parameters().Sum(p => p.numel()));
        Assert.Equal(80 + 584 + 90, summary.TotalParams);  // 9·8+8, 9·8·8+8 once, 8·10+10
    }

    [Fact]
    public void TiedNetwork_Forward_AppliesTheSameWeightsTwice()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var summary = Summarizer.Summarize(ArchitectureReader.Read(Tied).Architecture!).Summary!;
        using var network = NetworkBuilder.Build(NetworkLayers.From(summary));
        network.eval();
        var x = rand(3, 1, 28, 28);

        var output = network.forward(x);

        // By hand with the modules: stem, shared, relu, shared, + stem, mean over H and W, out.
        var modules = network.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        var stem = modules["stem"].forward(x);
        var twice = modules["shared"].forward(nn.functional.relu(modules["shared"].forward(stem)));
        var expected = modules["out"].forward((twice + stem).mean([2L, 3L]));
        Assert.Equal(new long[] { 3, 10 }, output.shape);
        Assert.True(output.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void SharedOnTwoShapes_Build_RefusesNamingTheCall()
    {
        var summary = Summarizer.Summarize(ArchitectureReader.Read("""
            {"inputShape":[8,8,4],"layers":[
              {"type":"Conv2D","name":"shared","filters":4,"kernelSize":3,"padding":"same","inputs":"input_1"},
              {"type":"MaxPooling2D","name":"pool","inputs":"input_1"},
              {"call":"shared","inputs":"pool"},
              {"type":"GlobalAveragePooling2D","name":"g1","inputs":"shared"},
              {"type":"GlobalAveragePooling2D","name":"g2","inputs":"shared[1]"},
              {"type":"Concatenate","name":"cat","inputs":["g1","g2"]},
              {"type":"Dense","name":"out","units":10}]}
            """).Architecture!).Summary!;

        var error = Assert.Throws<ArgumentException>(() => NetworkBuilder.Build(NetworkLayers.From(summary)));

        Assert.Contains("its call shared[1] takes [4, 4, 4]", error.Message);
    }
}
