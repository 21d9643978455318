using CnnApi.Torch.Export;
using CnnApi.Torch.Export.Code;
using CnnApi.Torch.Networks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// The PyTorch path end to end: each exported state_dict loads (strict) into the generated <c>Net</c> in Debian's
/// PyTorch 1.13, and <c>Net</c> gives CnnApi's probabilities on 200 MNIST test digits within 1e-4, for every preset
/// and every <see cref="CoverageNetworks"/> network. One Python process runs them all.
/// </summary>
public sealed class PyTorchExportTests(PyTorchExportTests.PythonRun run) : IClassFixture<PyTorchExportTests.PythonRun>
{
    /// <summary>Generates the code of every model and runs them all in Python once.</summary>
    public sealed class PythonRun
    {
        public ExportedModels Exported { get; } = ExportedModels.Shared;

        public PythonRun()
        {
            var jobs = Exported.Models.Values.Select(m =>
            {
                var code = Path.Combine(Exported.Folder, Safe(m.Architecture.Name) + ".py");
                File.WriteAllText(code, PyTorchCode.Generate(m.Architecture.Name, m.Layers));
                return new PythonTorch.Job(code, m.StateDictFile, Exported.ImagesFile, code + ".out");
            }).ToList();
            PythonTorch.RunModels(jobs, Exported.Folder);
        }

        public float[] PyTorchProbabilities(string name)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Exported.Folder, Safe(name) + ".py.out"));
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        }

        private static string Safe(string name) => name.Replace('-', '_');
    }

    public static TheoryData<string> Names => ExportedModels.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedModule_ExportedStateDict_GivesCnnApiProbabilities(string name)
    {
        var expected = run.Exported.Models[name].Probabilities;

        var actual = run.PyTorchProbabilities(name);

        // Random weights must still leave the output depending on the image, or the comparison would prove little.
        var spread = Enumerable.Range(0, 10).Max(c => Spread(expected.Where((_, i) => i % 10 == c)));
        Assert.True(spread > 1e-3, $"{name}: the probabilities barely depend on the image (spread {spread:E2})");
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-4, $"{name}: largest difference {worst:E2}");
    }

    private static double Spread(IEnumerable<float> values) => values.Max() - values.Min();

    [Theory]
    [MemberData(nameof(Names))]
    public void StateTensors_EveryNetwork_MatchTheModulesStateDict(string name)
    {
        var model = run.Exported.Models[name];
        using var network = NetworkBuilder.Build(model.Layers, initialize: false);
        var expected = network.state_dict().Select(p => $"{p.Key} {string.Join("x", p.Value.shape)}").Order();

        var (steps, _, _) = CodeGraph.Walk(model.Layers);
        var generated = steps.Where(s => s.Owner is not null).DistinctBy(s => s.Owner)   // a shared layer's weights once
            .SelectMany(s => StateTensors.For(s.Layer, s.ModuleShape).Select(t => $"{s.Owner}.{t.Name} {string.Join("x", t.Shape)}")).Order();

        Assert.Equal(expected, generated);
    }

    [Fact]
    public void Write_SameWeightsTwice_SameBytes()
    {
        var model = run.Exported.Models["mnist-residual"];
        using var network = ModelFiles.Load(model.Layers, model.WeightsFile);
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        PyTorchStateDict.Write(network, model.Layers, first);
        Thread.Sleep(2100);  // zip times have a 2-second resolution
        PyTorchStateDict.Write(network, model.Layers, second);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(File.ReadAllBytes(model.StateDictFile), first.ToArray());
    }
}
