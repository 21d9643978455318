using System.Security.Cryptography;
using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Export.Onnx;
using CnnApi.Torch.Networks;
using TorchSharp;

namespace CnnApi.Torch.Tests.Export;

/// <summary>Each preset, built with random weights, exports to ONNX that ONNX Runtime and ONNX's checker agree with; the bytes are stable.</summary>
public sealed class OnnxPresetAgreementTests
{
    public static TheoryData<string> PresetNames => new(ArchitecturePresets.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void Export_Preset_OnnxRuntimeAgreesAndCheckerAccepts(string name) =>
        OnnxAgreement.AssertRandomNetworkAgrees(ArchitecturePresets.Find(name)!.Architecture, seed: 7);

    [Fact]
    public void Export_SameWeightsTwice_SameBytes_OtherWeights_OtherBytes()
    {
        var layers = NetworkLayers.From(ArchitecturePresets.All[0].Architecture);
        torch.manual_seed(1);
        using var network = NetworkBuilder.Build(layers);
        torch.manual_seed(1);
        using var twin = NetworkBuilder.Build(layers);
        torch.manual_seed(2);
        using var other = NetworkBuilder.Build(layers);

        var first = SHA256.HashData(OnnxExport.ToBytes(network, layers));
        using var stream = new MemoryStream();
        OnnxExport.Write(twin, layers, stream);

        Assert.Equal(Convert.ToHexString(first), Convert.ToHexString(SHA256.HashData(stream.ToArray())));
        Assert.NotEqual(Convert.ToHexString(first), Convert.ToHexString(SHA256.HashData(OnnxExport.ToBytes(other, layers))));
    }

    [Fact]
    public void Export_NotAnMnistClassifier_Throws()
    {
        var layers = NetworkLayers.From(new Architecture("wide", [28, 28, 1], [new Flatten(), new Dense(3, ActivationKind.Softmax, true)]));
        using var network = NetworkBuilder.Build(layers);

        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(network, layers));
        Assert.Contains("10 values", error.Message);
    }
}
