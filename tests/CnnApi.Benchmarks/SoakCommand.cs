using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>soak --url URL --key KEY --pid PID --image PNG --body JSON [--seconds 180] [--clients 6]</c>: mixed traffic against a
/// running server (started by <c>http/soak.sh</c>) while a training job runs: summaries, predictions, job listing, event
/// streams, job submits and cancels. Prints per endpoint the requests, errors and p50/p99, the server's resident memory
/// over time and the load average; exits 1 on any error (an unexpected status, a 5xx, a failed request) or when the
/// training job did not keep running.
/// </summary>
internal static class SoakCommand
{
    private sealed record Sample(string Endpoint, double Milliseconds, string? Error);

    internal static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var seconds = int.Parse(Option("--seconds", "180"), CultureInfo.InvariantCulture);
        var clients = int.Parse(Option("--clients", "6"), CultureInfo.InvariantCulture);
        var pid = int.Parse(Option("--pid", "0"), CultureInfo.InvariantCulture);
        var image = await File.ReadAllBytesAsync(Option("--image", ""));
        var summaryBody = await File.ReadAllTextAsync(Option("--body", ""));
        using var http = new HttpClient { BaseAddress = new Uri(Option("--url", "http://127.0.0.1:5397")), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Option("--key", ""));

        Console.WriteLine($"== {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {LoadAverage()}: a model to predict with");
        var model = await RunJobAsync(http, new { preset = "mnist-convnet", epochs = 1, trainLimit = 512, testLimit = 200, seed = 1 }, wait: true);
        if (model.GetProperty("status").GetString() != "succeeded") return Fail($"the model job did not succeed: {model}");
        var training = await RunJobAsync(http, new { preset = "mnist-convnet", epochs = 200, trainLimit = 2000, testLimit = 200, seed = 2 }, wait: false);
        var trainingId = training.GetProperty("id").GetString()!;
        await WaitRunningAsync(http, trainingId);

        Console.WriteLine($"== {seconds} s of mixed traffic from {clients} clients and 2 event-stream readers while job {trainingId} trains");
        var samples = new ConcurrentQueue<Sample>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var memory = new List<(double Seconds, long Megabytes)>();
        var clock = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                memory.Add((clock.Elapsed.TotalSeconds, ResidentMegabytes(pid)));
                try { await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, seconds / 12.0)), stop.Token); } catch (OperationCanceledException) { }
            }
            memory.Add((clock.Elapsed.TotalSeconds, ResidentMegabytes(pid)));
        });
        var operations = new Func<Task<Sample>>[]
        {
            () => Timed("POST summary", () => http.PostAsync("/api/v1/architectures/summary",
                new StringContent(summaryBody, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.OK),
            () => Timed("POST prediction", () => http.PostAsync("/api/v1/predictions", ImageForm(image)), HttpStatusCode.OK),
            () => Timed("GET jobs", () => http.GetAsync("/api/v1/training-jobs?pageSize=20"), HttpStatusCode.OK),
            () => SubmitAndCancelAsync(http, samples),
        };
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var i = c; !stop.IsCancellationRequested; i++) samples.Enqueue(await operations[i % operations.Length]());
        })).ToList();
        workers.AddRange(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) samples.Enqueue(await ReadEventsAsync(http, trainingId));
        })));
        await Task.WhenAll(workers);
        await sampler;

        var job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/training-jobs/{trainingId}");
        var stillRunning = job.GetProperty("status").GetString() == "running";
        await http.PostAsync($"/api/v1/training-jobs/{trainingId}/cancel", null);
        return Report(samples.ToList(), memory, stillRunning, job);
    }

    private static int Report(List<Sample> samples, List<(double Seconds, long Megabytes)> memory, bool stillRunning, JsonElement job)
    {
        Console.WriteLine($"{"endpoint",-18} {"requests",9} {"errors",7} {"p50 ms",9} {"p99 ms",9}");
        foreach (var group in samples.GroupBy(s => s.Endpoint).OrderBy(g => g.Key))
        {
            var ms = group.Select(s => s.Milliseconds).Order().ToArray();
            Console.WriteLine($"{group.Key,-18} {ms.Length,9} {group.Count(s => s.Error is not null),7} {Percentile(ms, 0.5),9:F1} {Percentile(ms, 0.99),9:F1}");
        }
        Console.WriteLine("resident memory (s: MB): " + string.Join(", ", memory.Select(m => $"{m.Seconds:F0}: {m.Megabytes}")));
        Console.WriteLine($"load average at the end: {LoadAverage()}; training job {job.GetProperty("status").GetString()} "
            + $"with {job.GetProperty("history").GetArrayLength()} epochs done");
        var errors = samples.Where(s => s.Error is not null).ToList();
        foreach (var e in errors.GroupBy(e => (e.Endpoint, e.Error)).Take(10))
            Console.WriteLine($"  {e.Count()}× {e.Key.Endpoint}: {e.Key.Error}");
        if (!stillRunning) return Fail($"the training job did not keep running: {job}");
        if (errors.Count > 0) return Fail($"{errors.Count} of {samples.Count} requests failed");
        Console.WriteLine($"0 errors in {samples.Count} requests");
        return 0;
    }

    private static async Task<Sample> Timed(string endpoint, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            return new(endpoint, clock.Elapsed.TotalMilliseconds,
                response.StatusCode == expected ? null : $"{(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new(endpoint, clock.Elapsed.TotalMilliseconds, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Submits a small job (it queues behind the training one) and cancels it at once: 202 then 200, recorded as two samples.</summary>
    private static async Task<Sample> SubmitAndCancelAsync(HttpClient http, ConcurrentQueue<Sample> samples)
    {
        string? id = null;
        var submit = await Timed("POST job", async () =>
        {
            var response = await http.PostAsJsonAsync("/api/v1/training-jobs", new { preset = "mnist-convnet", epochs = 1, trainLimit = 256 });
            if (response.StatusCode == HttpStatusCode.Accepted)
                id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            return response;
        }, HttpStatusCode.Accepted);
        if (id is null) return submit;
        samples.Enqueue(submit);
        return await Timed("POST cancel", () => http.PostAsync($"/api/v1/training-jobs/{id}/cancel", null), HttpStatusCode.OK);
    }

    /// <summary>Opens the job's event stream, reads for two seconds (at least the replayed state) and closes it.</summary>
    private static async Task<Sample> ReadEventsAsync(HttpClient http, string id)
    {
        var clock = Stopwatch.StartNew();
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            using var response = await http.GetAsync($"/api/v1/training-jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK) return new("GET events", clock.Elapsed.TotalMilliseconds, $"{(int)response.StatusCode}");
            var first = clock.Elapsed.TotalMilliseconds;
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var lines = 0;
            try { while (await reader.ReadLineAsync(window.Token) is not null) lines++; } catch (OperationCanceledException) { }
            return new("GET events", first, lines > 0 ? null : "no event within 2 s");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new("GET events", clock.Elapsed.TotalMilliseconds, e.GetType().Name + ": " + e.Message);
        }
    }

    private static async Task<JsonElement> RunJobAsync(HttpClient http, object request, bool wait)
    {
        var response = await http.PostAsJsonAsync("/api/v1/training-jobs", request);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {job}");
        var id = job.GetProperty("id").GetString();
        while (wait && job.GetProperty("status").GetString() is "queued" or "running")
        {
            await Task.Delay(500);
            job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/training-jobs/{id}");
        }
        return job;
    }

    private static async Task WaitRunningAsync(HttpClient http, string id)
    {
        for (var i = 0; i < 240; i++)
        {
            var job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/training-jobs/{id}");
            if (job.GetProperty("status").GetString() == "running") return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"job {id} did not start within 2 minutes");
    }

    private static MultipartFormDataContent ImageForm(byte[] png)
    {
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "image", "digit.png" } };
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static long ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static int Fail(string message)
    {
        Console.WriteLine("FAILED: " + message);
        return 1;
    }
}
