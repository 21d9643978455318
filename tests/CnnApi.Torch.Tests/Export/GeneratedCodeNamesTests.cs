using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Export.Code;
using CnnApi.Torch.Networks;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnApi.Torch.Tests.Export;

/// <summary>Layer and model names are data, never code: quotes, backslashes and line breaks stay inside literals and comments.</summary>
public sealed class GeneratedCodeNamesTests
{
    private static readonly Architecture Hostile = new("evil\"\"\"\nimport os", [28, 28, 1],
        [new Conv2D(2, Size2.Square(3), Size2.Square(1), Padding.Valid, ActivationKind.Relu, true, Size2.Square(1)), new Flatten(), new Dense(10, ActivationKind.Softmax, true)])
    {
        Names = ["conv\"\\\nos.system('x')", "flat\u2028ten", "class"],
    };

    [Fact]
    public void GeneratedPython_HostileNames_CompileAndKeepTheNames()
    {
        var layers = NetworkLayers.From(Hostile);
        var folder = Directory.CreateTempSubdirectory("cnnapi-names-").FullName;
        try
        {
            string Write(string name, string code) { var file = Path.Combine(folder, name); File.WriteAllText(file, code); return file; }
            var pytorch = Write("p.py", PyTorchCode.Generate(Hostile.Name, layers));
            var keras = Write("k.py", KerasCode.Generate(Hostile.Name, layers));

            var (exit, output) = PythonTorch.Run(PythonTorch.Python, "-m", "py_compile", pytorch, keras);

            Assert.True(exit == 0, output);
            Assert.DoesNotContain("\nimport os", File.ReadAllText(pytorch));
            Assert.Contains("getattr(self, \"class\")", File.ReadAllText(pytorch));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void GeneratedCSharp_HostileNames_ParseWithoutErrors()
    {
        var code = TorchSharpCode.Generate(Hostile.Name, NetworkLayers.From(Hostile));

        var diagnostics = CSharpSyntaxTree.ParseText(code).GetDiagnostics().Select(d => d.ToString()).ToList();

        Assert.Empty(diagnostics);
        Assert.Contains("register_module(\"class\"", code);
    }
}
