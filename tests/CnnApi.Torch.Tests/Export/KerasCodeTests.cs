using CnnApi.Architectures.Presets;
using CnnApi.Torch.Export.Code;
using CnnApi.Torch.Networks;

namespace CnnApi.Torch.Tests.Export;

/// <summary>The generated Keras code of every preset and coverage network compiles in Python (<c>py_compile</c>, one process) and writes each setting out.</summary>
public sealed class KerasCodeTests
{
    [Fact]
    public void GeneratedKeras_EveryNetwork_PassesPyCompile()
    {
        var folder = Directory.CreateTempSubdirectory("cnnapi-keras-").FullName;
        try
        {
            var files = ArchitecturePresets.All.Select(p => p.Architecture).Concat(CoverageNetworks.All).Select(a =>
            {
                var file = Path.Combine(folder, a.Name.Replace('-', '_') + ".py");
                File.WriteAllText(file, KerasCode.Generate(a.Name, NetworkLayers.From(a)));
                return file;
            }).ToArray();

            var (code, output) = PythonTorch.Run(PythonTorch.Python, ["-m", "py_compile", .. files]);

            Assert.True(code == 0, output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void GeneratedKeras_SeedValid_IsASequentialWithEverySetting()
    {
        var code = KerasCode.Generate("seed-valid", NetworkLayers.From(ArchitecturePresets.Find("seed-valid")!.Architecture));

        Assert.Contains("keras.Input(shape=(28, 28, 1)),", code);
        Assert.Contains("layers.Conv2D(filters=32, kernelSize=3".Replace("kernelSize", "kernel_size"), code);
        Assert.Contains("padding=\"valid\", activation=\"relu\", use_bias=True, dilation_rate=1, name=\"conv2d_2\")", code);
        Assert.Contains("layers.Dense(activation=\"softmax\", use_bias=True, units=10, name=\"dense_1\")", code);
        Assert.Contains("], name=\"seed-valid\")", code);
    }

    [Fact]
    public void GeneratedKeras_Graph_UsesTheFunctionalApiAndNestedBuilders()
    {
        var nested = CoverageNetworks.All.Single(a => a.Name == "nested");

        var code = KerasCode.Generate(nested.Name, NetworkLayers.From(nested));

        Assert.Contains("x4 = layers.Add(name=\"sum\")([inputs, x3])", code);
        Assert.Matches(@"def build_innermost_\d+\(\):", code);
        Assert.Contains("model = build_model()", code);
    }
}
