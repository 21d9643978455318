using System.Net.Http.Headers;
using System.Text.Json;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using CnnApi.Tests.Predictions;
using CnnApi.Torch.Inference;
using CnnApi.Torch.Networks;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CnnApi.Benchmarks -- predict-accuracy --url http://127.0.0.1:5392
/// --storage /tmp/pred-bench [--model ID] [--count 1000] [--chunk 50] [--variants a,b]</c>: against a running
/// server, classifies the first N MNIST test digits (1) directly with the model's weights file and
/// <see cref="Predictor"/>, as the host loads it, and (2) uploaded to <c>POST /api/v1/models/{id}/predictions</c>
/// (the default model: <c>POST /api/v1/predictions</c>) as every <see cref="UploadVariants"/> shape, then prints a Markdown table of accuracies and of agreement
/// with the direct answers. <c>--write-sample PATH [--index I]</c> writes one digit's 28×28 PNG (for wrk).
/// </summary>
internal static class PredictionAccuracyCommand
{
    /// <summary>
    /// Called from Program.cs, not from a module initializer as the training mode is: awaiting there would
    /// deadlock (continuations on other threads wait for the module initializer to finish).
    /// </summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int count = int.Parse(Option("--count", "1000")), chunk = int.Parse(Option("--chunk", "50"));
        var digits = MnistTestDigits.Load(count);
        var labels = ReadLabels(digits.Count);
        if (args.Contains("--write-sample"))
        {
            var index = int.Parse(Option("--index", "0"));
            await File.WriteAllBytesAsync(Option("--write-sample", ""), UploadVariants.MnistPng.Encode(digits[index], new Random(index)));
            Console.WriteLine($"wrote test digit {index} (label {labels[index]}) as a 28×28 PNG");
            return 0;
        }

        using var http = new HttpClient { BaseAddress = new Uri(Option("--url", "http://127.0.0.1:5392")), Timeout = TimeSpan.FromMinutes(5) };
        var model = await FindModelAsync(http, args.Contains("--model") ? Option("--model", "") : null);
        var id = model.GetProperty("id").GetGuid();
        var weights = Path.Combine(Option("--storage", "/tmp/pred-bench"), "models", id.ToString("N"), "weights.bin");
        // The default model is asked through POST /api/v1/predictions (the path clients use), any other by its id.
        var endpoint = model.GetProperty("isDefault").GetBoolean() ? "/api/v1/predictions" : $"/api/v1/models/{id}/predictions";
        Console.WriteLine($"model {id} via {endpoint} ({model.GetProperty("name").GetString()}, test accuracy {model.GetProperty("testAccuracy").GetDouble():F4}), " +
                          $"{digits.Count} digits, uploads of {chunk}, {DateTime.UtcNow:u}");

        var direct = PredictDirect(model.GetProperty("architecture").GetRawText(), weights, digits);
        Console.WriteLine($"| variant | accuracy | agreement with direct | failed uploads | seconds |");
        Console.WriteLine($"|---|---:|---:|---:|---:|");
        Console.WriteLine($"| direct (Predictor, no image encoding) | {Accuracy(direct, labels):P2} | — | — | — |");

        var wanted = args.Contains("--variants") ? Option("--variants", "").Split(',') : null;
        foreach (var variant in UploadVariants.All.Where(v => wanted is null || wanted.Contains(v.Name)))
        {
            var started = DateTime.UtcNow;
            var files = digits.Select((d, i) => variant.Encode(d, new Random(i))).ToList();
            var answers = new int[digits.Count];
            var failed = 0;
            for (var start = 0; start < files.Count; start += chunk)
            {
                var part = files.Skip(start).Take(chunk).ToList();
                var got = await UploadAsync(http, endpoint, part, variant.Name);
                if (got is null) failed += await PerImageAsync(http, endpoint, part, variant.Name, answers, start);
                else got.CopyTo(answers, start);
            }
            var agree = answers.Zip(direct).Count(p => p.First == p.Second) / (double)answers.Length;
            Console.WriteLine($"| {variant.Name} | {Accuracy(answers, labels):P2} | {agree:P2} | {failed} | {(DateTime.UtcNow - started).TotalSeconds:F1} |");
        }
        return 0;
    }

    private static int[] PredictDirect(string architectureJson, string weights, IReadOnlyList<byte[]> digits)
    {
        // As ModelCache.LoadAsync: stored architecture → summary → layers with their input shapes → Predictor.
        var read = ArchitectureReader.Read(architectureJson);
        var summary = Summarizer.Summarize(read.Architecture ?? throw new InvalidOperationException("stored architecture does not read")).Summary!;
        using var predictor = Predictor.Load(summary.Layers.Select(l => new NetworkLayer(l.Name, l.Layer, l.InputDims)).ToList(), weights);
        var pixels = digits.Select(d => d.Select(b => b / 255f).ToArray()).ToList();
        return predictor.Predict(pixels).Select(ArgMax).ToArray();
    }

    /// <summary>One <c>images</c> upload; null when the server refused it (some image had no digit, …).</summary>
    private static async Task<int[]?> UploadAsync(HttpClient http, string endpoint, IReadOnlyList<byte[]> files, string name)
    {
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < files.Count; i++)
        {
            var content = new ByteArrayContent(files[i]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, files.Count == 1 ? "image" : "images", $"{name}-{i}");
        }
        using var response = await http.PostAsync(endpoint, form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"{name}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            return null;
        }
        using var json = JsonDocument.Parse(body);
        return files.Count == 1
            ? [json.RootElement.GetProperty("digit").GetInt32()]
            : json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("digit").GetInt32()).ToArray();
    }

    /// <summary>After a refused batch, each image alone: a refused image counts as wrong (answer -1).</summary>
    private static async Task<int> PerImageAsync(HttpClient http, string endpoint, List<byte[]> part, string name, int[] answers, int start)
    {
        var refused = 0;
        for (var i = 0; i < part.Count; i++)
        {
            var got = await UploadAsync(http, endpoint, [part[i]], $"{name}#{start + i}");
            answers[start + i] = got?[0] ?? -1;
            if (got is null) refused++;
        }
        return refused;
    }

    private static async Task<JsonElement> FindModelAsync(HttpClient http, string? id)
    {
        if (id is not null) return JsonDocument.Parse(await http.GetStringAsync($"/api/v1/models/{id}")).RootElement;
        var list = JsonDocument.Parse(await http.GetStringAsync("/api/v1/models")).RootElement;
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items");
        var models = items.EnumerateArray().ToList();
        if (models.Count == 0) throw new InvalidOperationException("the server has no trained model yet");
        return models.FirstOrDefault(m => m.GetProperty("isDefault").GetBoolean(), models[0]);
    }

    private static byte[] ReadLabels(int count)
    {
        var path = Path.Combine(Path.GetDirectoryName(MnistTestDigits.Locate())!, "t10k-labels-idx1-ubyte");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 + count || bytes[2] != 8 || bytes[3] != 1) throw new InvalidDataException($"{path} is not an IDX label file");
        return bytes[8..(8 + count)];
    }

    private static int ArgMax(float[] p) => Array.IndexOf(p, p.Max());

    private static double Accuracy(IReadOnlyList<int> answers, byte[] labels) =>
        answers.Select((a, i) => a == labels[i]).Count(c => c) / (double)answers.Count;
}
