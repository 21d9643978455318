extern alias CnnApiHost;
using System.Diagnostics;
using System.Text.Json;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Networks;
using CnnApiHost::CnnApi.Models;
using CnnApiHost::CnnApi.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CnnApi.Benchmarks -- export-cache [--presets seed-valid,mnist-convnet] [--rounds 5]</c>:
/// what <c>GET /api/v1/models/{id}/export</c> costs the server before and after exports were kept, through the endpoint's own
/// <see cref="ModelExportCache"/> (random weights in a temporary storage root; HTTP left out). "Generated" deletes the
/// kept file before each request (every download ran the exporter before the cache); "kept" reads the file and checks its
/// SHA-256. Median wall-clock and the process's CPU time per request, and their ratio, measured in the same run.
/// </summary>
internal static class ExportCacheCommand
{
    internal static int Run(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var presets = Option("--presets", "seed-valid,mnist-convnet").Split(',');
        int rounds = int.Parse(Option("--rounds", "5"));
        var root = Path.Combine(Path.GetTempPath(), $"export-cache-bench-{Guid.NewGuid():N}");
        var paths = new ModelPaths(Options.Create(new StorageOptions { Root = root }));
        var cache = new ModelExportCache(paths, NullLogger<ModelExportCache>.Instance);
        Console.WriteLine($"{rounds} requests each, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}, {DateTime.UtcNow:u}");
        Console.WriteLine("| preset | format | bytes | generated ms | kept ms | generated CPU ms | kept CPU ms | CPU ratio |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        try
        {
            foreach (var name in presets)
            {
                var preset = ArchitecturePresets.Find(name) ?? throw new ArgumentException($"unknown preset {name}");
                var id = Guid.NewGuid();
                Directory.CreateDirectory(paths.Directory(id));
                TorchSharp.torch.manual_seed(1);
                using (var built = NetworkBuilder.Build(NetworkLayers.From(preset.Architecture))) ModelFiles.Save(built, paths.Weights(id));
                var json = JsonSerializer.Serialize(ArchitectureSpec.From(preset.Architecture), ArchitectureSpec.JsonOptions);
                foreach (var format in ExportFormat.All)
                {
                    long bytes = 0;
                    var generated = Measure(rounds, () =>
                    {
                        foreach (var file in Directory.EnumerateFiles(paths.Directory(id), $"{ModelExportCache.FilePrefix}*")) File.Delete(file);
                        bytes = Download(cache, id, format, json);
                    });
                    var kept = Measure(rounds, () => Download(cache, id, format, json));
                    Console.WriteLine($"| {name} | {format.Name} | {bytes:N0} | {generated.Wall:F1} | {kept.Wall:F2} | {generated.Cpu:F1} | {kept.Cpu:F2} | " +
                        $"{generated.Cpu / Math.Max(kept.Cpu, 0.01):N0}× |");
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        return 0;
    }

    /// <summary>One download as the endpoint serves it: the export's stream read to the end.</summary>
    private static long Download(ModelExportCache cache, Guid id, ExportFormat format, string json)
    {
        var export = cache.GetAsync(id, format, json, CancellationToken.None).GetAwaiter().GetResult();
        using var content = export.Content;
        content.CopyTo(Stream.Null);
        return content.Length;
    }

    /// <summary>Median wall-clock and CPU milliseconds of <paramref name="rounds"/> calls.</summary>
    private static (double Wall, double Cpu) Measure(int rounds, Action action)
    {
        var process = Process.GetCurrentProcess();
        var walls = new List<double>();
        var cpus = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            walls.Add(clock.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpus.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
        }
        return (Median(walls), Median(cpus));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
