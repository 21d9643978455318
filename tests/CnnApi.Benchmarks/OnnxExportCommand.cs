using System.Diagnostics;
using CnnApi.Architectures.Presets;
using CnnApi.Tests.Predictions;
using CnnApi.Torch.Export.Onnx;
using CnnApi.Torch.Inference;
using CnnApi.Torch.Networks;
using Microsoft.ML.OnnxRuntime;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CnnApi.Benchmarks -- onnx-export [--count 10000] [--batch 100]</c>: for each
/// preset (random weights: speed does not depend on their values), the ONNX export's time (best of 3) and size, then
/// CnnApi's <see cref="Predictor"/> and ONNX Runtime (default session options) on the same N MNIST test digits in the
/// same batches, one after the other in the same process: images/s each, their ratio, and the largest probability difference.
/// </summary>
internal static class OnnxExportCommand
{
    internal static int Run(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int count = int.Parse(Option("--count", "10000")), batch = int.Parse(Option("--batch", "100"));
        var pixels = MnistTestDigits.Load(count).SelectMany(d => d.Select(b => b / 255f)).ToArray();
        Console.WriteLine($"{count} MNIST test digits in batches of {batch}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
        Console.WriteLine("| preset | export ms | ONNX bytes | CnnApi images/s | ONNX Runtime images/s | ORT ÷ CnnApi | max abs diff |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var preset in ArchitecturePresets.All)
        {
            var layers = NetworkLayers.From(preset.Architecture);
            var weights = Path.Combine(Path.GetTempPath(), $"onnx-bench-{Guid.NewGuid():N}.bin");
            try
            {
                TorchSharp.torch.manual_seed(1);
                using (var built = NetworkBuilder.Build(layers)) ModelFiles.Save(built, weights);
                byte[] onnx = [];
                var exportMs = double.MaxValue;
                using (var network = ModelFiles.Load(layers, weights))
                    for (var round = 0; round < 3; round++)
                    {
                        var clock = Stopwatch.StartNew();
                        onnx = OnnxExport.ToBytes(network, layers);
                        exportMs = Math.Min(exportMs, clock.Elapsed.TotalMilliseconds);
                    }
                using var predictor = Predictor.Load(layers, weights);
                using var session = new InferenceSession(onnx);
                var (cnnApiRate, expected) = Time(pixels, batch, predictor.Predict);
                var (ortRate, actual) = Time(pixels, batch, chunk => Run(session, chunk));
                var diff = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
                Console.WriteLine($"| {preset.Name} | {exportMs:F0} | {onnx.Length:N0} | {cnnApiRate:N0} | {ortRate:N0} | {ortRate / cnnApiRate:F2} | {diff:g2} |");
            }
            finally
            {
                File.Delete(weights);
            }
        }
        return 0;
    }

    /// <summary>Images per second over every batch (after one warm-up batch), and the probabilities.</summary>
    internal static (double Rate, float[] Probabilities) Time(float[] pixels, int batch, Func<float[], float[]> predict)
    {
        var size = batch * Predictor.Pixels;
        predict(pixels[..size]);
        var result = new List<float>(pixels.Length / Predictor.Pixels * 10);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < pixels.Length; start += size)
            result.AddRange(predict(pixels[start..Math.Min(start + size, pixels.Length)]));
        return (pixels.Length / Predictor.Pixels / clock.Elapsed.TotalSeconds, result.ToArray());
    }

    private static float[] Run(InferenceSession session, float[] pixels)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [pixels.Length / Predictor.Pixels, 28, 28, 1]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [OnnxExport.InputName], [input], [OnnxExport.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
