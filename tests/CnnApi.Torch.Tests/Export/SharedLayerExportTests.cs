using CnnApi.Torch.Export.Code;
using CnnApi.Torch.Export.Onnx;
using CnnApi.Torch.Networks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// A shared layer exports as one set of weights used once per call (<see cref="CoverageNetworks"/>' <c>shared-layers</c>:
/// a Conv2D called three times, a Dense twice); the agreement tests check the numbers, these check the sharing itself.
/// </summary>
public sealed class SharedLayerExportTests
{
    private static readonly IReadOnlyList<NetworkLayer> Layers = NetworkLayers.From(CoverageNetworks.All.Single(a => a.Name == "shared-layers"));

    [Fact]
    public void Onnx_SharedLayers_OneInitializerPerWeightReadByEveryCall()
    {
        manual_seed(3);
        using var network = NetworkBuilder.Build(Layers);

        var model = Onnx.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(network, Layers));

        var convWeights = model.Graph.Initializer.Where(i => i.Name.StartsWith("shared_conv/weight", StringComparison.Ordinal)).ToList();
        var convWeight = Assert.Single(convWeights).Name;
        Assert.Equal(3, model.Graph.Node.Count(n => n.OpType == "Conv" && n.Input.Contains(convWeight)));
        Assert.Single(model.Graph.Initializer, i => i.Name.StartsWith("shared_dense/bias", StringComparison.Ordinal));
        Assert.Single(model.Graph.Initializer, i => i.Name.StartsWith("shared_dense/kernel", StringComparison.Ordinal));
        Assert.Equal(2, model.Graph.Node.Count(n => n.Name.StartsWith("shared_dense/", StringComparison.Ordinal) && n.OpType == "Elu"));
    }

    [Fact]
    public void PyTorchCode_SharedLayers_DeclaredOnceCalledPerNode()
    {
        var code = PyTorchCode.Generate("shared-layers", Layers);

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(code, @"self\.shared_conv = Weights\("));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(code, @"self\.shared_conv\.weight").Count);
        Assert.Contains("# shared_conv[2]: Conv2D", code);
    }

    [Fact]
    public void KerasCode_SharedLayers_OneLayerObjectCalledPerNode()
    {
        var code = KerasCode.Generate("shared-layers", Layers);

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(code, @"name=""shared_conv""\)"));
        Assert.Matches(@"shared_1 = layers\.Conv2D\(.*name=""shared_conv""\)\n", code);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(code, @"= shared_1\(").Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(code, @"= shared_2\(").Count);
    }
}
