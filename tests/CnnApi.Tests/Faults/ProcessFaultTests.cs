using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Faults;

/// <summary>
/// Faults with real processes and real files (SQLite store): the server SIGKILLed while it writes a checkpoint or a
/// model's weights (paused there by the test-only <c>Faults:PauseAt</c>, which writes a signal file), then restarted
/// on the same storage; the storage folder a real size-limited tmpfs that is full, or a read-only bind mount (root
/// bypasses file permissions, a read-only mount it cannot). Mounting needs root, as <c>./test.sh</c> runs here.
/// </summary>
public sealed class ProcessFaultTests : IDisposable
{
    private readonly TestStore _store = TestStore.Create(StorageProvider.Sqlite);
    private readonly List<string> _mounts = [];

    public void Dispose()
    {
        foreach (var mount in _mounts) Run("umount", "-l", mount);
        _store.Dispose();
    }

    private static object Job(int epochs = 2, int trainLimit = 512) =>
        new { preset = "mnist-convnet", epochs, batchSize = 64, trainLimit, testLimit = 200, seed = 5 };

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(_store.Settings)
        {
            ["Training:LeaseSeconds"] = "3",
            ["Training:PollMilliseconds"] = "200",
            ["RateLimits:Enabled"] = "false",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    [Theory]
    [InlineData("checkpoint-write")]
    [InlineData("weights-write")]
    public async Task ServerKilledMidWrite_Restarted_JobSucceedsOnceWithCompleteWeights_NothingStuck(string step)
    {
        var signal = Path.Combine(_store.Root, "paused-at-" + step);
        string id, temp;
        using (var first = await AppProcess.StartAsync(Settings(("Faults:PauseAt", step), ("Faults:SignalFile", signal))))
        {
            id = (await new JobClient(first.Client).StartAsync(Job())).GetProperty("id").GetString()!;
            temp = await WaitForFileAsync(signal, first);
            Assert.True(File.Exists(temp), $"the half-written file {temp} is not there");
            first.Kill();
        }

        using var second = await AppProcess.StartAsync(Settings());
        // Before the takeover: the job is not listed with a model, and no model is listed at all.
        Assert.Empty((await (await second.Client.GetAsync("/api/v1/models")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        var jobs = new JobClient(second.Client);
        var job = await jobs.WaitForEndAsync(id, seconds: 300);

        Assert.Equal("succeeded", JobClient.Status(job));
        Assert.Equal(2, job.GetProperty("attempts").GetInt32()); // the killed attempt and the one that finished it
        Assert.Equal([1, 2], job.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("epoch").GetInt32()));
        var model = Assert.Single((await (await second.Client.GetAsync("/api/v1/models")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(job.GetProperty("modelId").GetString(), model.GetProperty("id").GetString());
        AssertCompleteWeights(model);
        var all = await (await second.Client.GetAsync("/api/v1/training-jobs")).JsonAsync(HttpStatusCode.OK);
        Assert.All(all.GetProperty("items").EnumerateArray(), j => Assert.DoesNotContain(JobClient.Status(j), new[] { "queued", "running" }));
    }

    [Fact]
    public async Task StorageFull_JobFailsWithAClearError_ApiKeepsServing_NoTempFilesLeft()
    {
        var full = Mount("tmpfs", "-t", "tmpfs", "-o", "size=4m", "tmpfs");
        // Leave 96 KB: enough for the folders, not for a checkpoint (about 420 KB for mnist-convnet with Adam).
        await using (var filler = new FileStream(Path.Combine(full, "filler"), FileMode.CreateNew))
            filler.Write(new byte[(4 << 20) - (96 << 10)]);
        using var app = await AppProcess.StartAsync(StorageAt(full));

        var job = await StartAndWaitAsync(app);

        Assert.Equal("failed", JobClient.Status(job));
        Assert.Contains("storage full or not writable", job.GetProperty("error").GetString());
        await AssertServingAsync(app);
        Assert.Empty(Directory.GetFiles(full, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StorageReadOnly_JobFailsWithAClearError_ApiKeepsServing()
    {
        var folder = Directory.CreateTempSubdirectory("cnnapi-ro-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "models"));
        Directory.CreateDirectory(Path.Combine(folder, "checkpoints"));
        Mount(folder, "--bind", folder);
        Run("mount", "-o", "remount,bind,ro", folder);
        Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(folder, "probe"), "x")); // even for root
        using var app = await AppProcess.StartAsync(StorageAt(folder));

        var job = await StartAndWaitAsync(app);

        Assert.Equal("failed", JobClient.Status(job));
        Assert.Contains("storage full or not writable", job.GetProperty("error").GetString());
        await AssertServingAsync(app);
    }

    /// <summary>Models and checkpoints in <paramref name="root"/>; the SQLite file stays in the test store's own folder.</summary>
    private Dictionary<string, string?> StorageAt(string root) => Settings(
        ("Storage:Root", root), ("Storage:ConnectionString", $"Data Source={Path.Combine(_store.Root, "cnnapi.db")}"));

    private static async Task<JsonElement> StartAndWaitAsync(AppProcess app)
    {
        var jobs = new JobClient(app.Client);
        var id = (await jobs.StartAsync(Job(epochs: 1, trainLimit: 256))).GetProperty("id").GetString()!;
        return await jobs.WaitForEndAsync(id, seconds: 240);
    }

    private static async Task AssertServingAsync(AppProcess app)
    {
        Assert.False(app.HasExited);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/v1/training-jobs")).StatusCode);
        var summary = await app.Client.PostAsync("/api/v1/architectures/summary",
            new StringContent("\"seed-valid\"", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
    }

    private void AssertCompleteWeights(JsonElement model)
    {
        var weights = Path.Combine(_store.Root, "models", Guid.Parse(model.GetProperty("id").GetString()!).ToString("N"), "weights.bin");
        Assert.True(File.Exists(weights), $"{weights} is missing");
        Assert.Equal(model.GetProperty("weightsBytes").GetInt64(), new FileInfo(weights).Length);
        Assert.Equal(model.GetProperty("weightsSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(weights))));
    }

    private static async Task<string> WaitForFileAsync(string path, AppProcess app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(240);
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            if (app.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"the server did not reach the step (signal {path}):\n{app.Output}");
            await Task.Delay(100);
        }
        return await File.ReadAllTextAsync(path);
    }

    /// <summary>Mounts at a new temp folder (or <paramref name="target"/> when it exists); unmounted on dispose.</summary>
    private string Mount(string target, params string[] arguments)
    {
        var folder = Directory.Exists(target) ? target : Directory.CreateTempSubdirectory("cnnapi-full-").FullName;
        Run("mount", [.. arguments, folder]);
        _mounts.Add(folder);
        return folder;
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command, arguments)
        {
            RedirectStandardError = true, UseShellExecute = false,
        })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && command != "umount")
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error} (the fault tests mount as root)");
    }
}
