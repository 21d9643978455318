using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CnnApi.Architectures.Presets;
using CnnApi.Tests.Predictions;
using CnnApi.Torch.Export;
using CnnApi.Torch.Export.Code;
using CnnApi.Torch.Inference;
using CnnApi.Torch.Networks;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CnnApi.Benchmarks -- pytorch-export [--count 10000] [--batch 100]</c>: for each
/// preset (random weights: speed does not depend on their values), the state_dict export's time (best of 3) and size, then
/// CnnApi's <see cref="Predictor"/> and the generated PyTorch module (Debian's <c>/usr/bin/python3</c>, PyTorch 1.13) on the
/// same N MNIST test digits in the same batches, one after the other: images/s each, their ratio, the largest difference.
/// </summary>
internal static class PyTorchExportCommand
{
    private const string Runner = """
        import importlib.util, sys, time
        import numpy as np, torch
        code, weights, images, output, batch = sys.argv[1:6]
        spec = importlib.util.spec_from_file_location("generated", code)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        net = module.Net()
        net.load_state_dict(torch.load(weights))
        net.eval()
        pixels = torch.from_numpy(np.fromfile(images, dtype=np.float32).reshape(-1, 1, 28, 28))
        batch = int(batch)
        with torch.no_grad():
            net(pixels[:batch])
            start = time.perf_counter()
            out = torch.cat([net(pixels[i:i + batch]) for i in range(0, len(pixels), batch)])
            seconds = time.perf_counter() - start
        out.numpy().astype(np.float32).tofile(output)
        print(len(pixels) / seconds)
        """;

    internal static int Run(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int count = int.Parse(Option("--count", "10000")), batch = int.Parse(Option("--batch", "100"));
        var pixels = MnistTestDigits.Load(count).SelectMany(d => d.Select(b => b / 255f)).ToArray();
        var folder = Directory.CreateTempSubdirectory("pytorch-bench-").FullName;
        try
        {
            var images = Path.Combine(folder, "images.f32");
            File.WriteAllBytes(images, MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray());
            var script = Path.Combine(folder, "run.py");
            File.WriteAllText(script, Runner);
            Console.WriteLine($"{count} MNIST test digits in batches of {batch}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
            Console.WriteLine("| preset | export ms | state_dict bytes | CnnApi images/s | PyTorch images/s | PyTorch ÷ CnnApi | max abs diff |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var preset in ArchitecturePresets.All)
                Console.WriteLine(Row(preset.Name, NetworkLayers.From(preset.Architecture), folder, images, script, pixels, batch));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Row(string name, IReadOnlyList<NetworkLayer> layers, string folder, string images, string script, float[] pixels, int batch)
    {
        var weights = Path.Combine(folder, name + ".bin");
        TorchSharp.torch.manual_seed(1);
        using (var built = NetworkBuilder.Build(layers)) ModelFiles.Save(built, weights);
        byte[] stateDict = [];
        var exportMs = double.MaxValue;
        using (var network = ModelFiles.Load(layers, weights))
            for (var round = 0; round < 3; round++)
            {
                var clock = Stopwatch.StartNew();
                using var stream = new MemoryStream();
                PyTorchStateDict.Write(network, layers, stream);
                stateDict = stream.ToArray();
                exportMs = Math.Min(exportMs, clock.Elapsed.TotalMilliseconds);
            }
        var stateDictFile = Path.Combine(folder, name + ".pt");
        File.WriteAllBytes(stateDictFile, stateDict);
        var code = Path.Combine(folder, name.Replace('-', '_') + ".py");
        File.WriteAllText(code, PyTorchCode.Generate(name, layers));

        double cnnApiRate;
        float[] expected;
        using (var predictor = Predictor.Load(layers, weights))
            (cnnApiRate, expected) = OnnxExportCommand.Time(pixels, batch, predictor.Predict);
        var output = code + ".out";
        var start = new ProcessStartInfo("/usr/bin/python3", [script, code, stateDictFile, images, output, batch.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        };
        using var python = Process.Start(start)!;
        var pyTorchRate = double.Parse(python.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        python.WaitForExit();
        var actual = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray();
        var diff = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        return $"| {name} | {exportMs:F0} | {stateDict.Length:N0} | {cnnApiRate:N0} | {pyTorchRate:N0} | {pyTorchRate / cnnApiRate:F2} | {diff:g2} |";
    }
}
