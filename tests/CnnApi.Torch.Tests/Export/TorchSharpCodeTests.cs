using System.Reflection;
using CnnApi.Torch.Export.Code;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// The generated TorchSharp code compiles (Roslyn, in memory, against the TorchSharp and TorchSharp.PyBridge assemblies,
/// warnings as errors) and, fed the exported state_dict through <c>Net.Load</c>, gives CnnApi's probabilities on 200
/// MNIST test digits within 1e-4, for every preset and every <see cref="CoverageNetworks"/> network.
/// </summary>
public sealed class TorchSharpCodeTests(TorchSharpCodeTests.Compiled compiled) : IClassFixture<TorchSharpCodeTests.Compiled>
{
    /// <summary>Every model's code in one compilation, each in its own namespace.</summary>
    public sealed class Compiled
    {
        public ExportedModels Exported { get; } = ExportedModels.Shared;
        public Assembly? Assembly { get; }
        public IReadOnlyList<string> Errors { get; }
        public Dictionary<string, string> Namespaces { get; } = [];

        public Compiled()
        {
            var trees = Exported.Models.Values.Select((m, i) =>
            {
                Namespaces[m.Architecture.Name] = $"CnnApi.Generated.M{i}";
                var code = TorchSharpCode.Generate(m.Architecture.Name, m.Layers).Replace("namespace CnnApi.Generated;", $"namespace CnnApi.Generated.M{i};");
                return CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: m.Architecture.Name + ".cs");
            });
            var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var references = platform.Append(typeof(torch).Assembly.Location).Append(typeof(TorchSharp.PyBridge.PyBridgeModuleExtensions).Assembly.Location)
                .Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create("GeneratedNets", trees, references, new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error,
                // CS1701/CS1702: PyBridge 1.4.4 was built against TorchSharp 0.103; the .NET SDK suppresses these unification notes too.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            Errors = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
            if (result.Success) Assembly = Assembly.Load(image.ToArray());
        }
    }

    public static TheoryData<string> Names => ExportedModels.Names;

    [Fact]
    public void GeneratedCode_EveryModel_CompilesWithoutWarnings()
    {
        Assert.True(compiled.Errors.Count == 0, string.Join("\n", compiled.Errors.Take(20)));
        Assert.NotNull(compiled.Assembly);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedNet_ExportedStateDict_GivesCnnApiProbabilities(string name)
    {
        Assert.True(compiled.Assembly is not null, string.Join("\n", compiled.Errors.Take(20)));
        var model = compiled.Exported.Models[name];
        var type = compiled.Assembly.GetType(compiled.Namespaces[name] + ".Net")!;

        float[] actual;
        using (var net = (nn.Module<Tensor, Tensor>)type.GetMethod("Load")!.Invoke(null, [model.StateDictFile])!)
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var pixels = tensor(compiled.Exported.Pixels, [ExportedModels.Images, 1, 28, 28]);
            actual = net.call(pixels).data<float>().ToArray();
        }

        var worst = model.Probabilities.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.Equal(model.Probabilities.Length, actual.Length);
        Assert.True(worst <= 1e-4, $"{name}: largest difference {worst:E2}");
    }
}
