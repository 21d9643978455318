using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace CnnApi.Browser.Tests.Infrastructure;

/// <summary>
/// The whole app on a real Kestrel port (a temp Storage:Root, MNIST from MNIST_ROOT), one model trained through the
/// API for the prediction tests, and Debian's headless Chromium driven by Playwright. Shared by every browser test.
/// </summary>
public class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "browser-test-key-0123456789abcdef";
    private readonly string storageRoot = Path.Combine(Path.GetTempPath(), "cnnapi-browser-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Debian's chromium (build/chromium.sh installs it); Playwright's own download needs the internet.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>
    /// The prediction tests' model: mnist-convnet on the first 2,000 training images (10 % held out), three epochs, so the
    /// Training view's screenshot has curves; seed 11. CPU training is deterministic: every run gets the same model.
    /// </summary>
    public static readonly object FixtureJob = new
    {
        preset = "mnist-convnet", epochs = 3, batchSize = 32, trainLimit = 2000, validationSplit = 0.1, testLimit = 1000, seed = 11,
    };

    private IPlaywright? playwright;

    public BrowserApp() => UseKestrel(0);

    /// <summary>Whether <see cref="InitializeAsync"/> trains <see cref="FixtureJob"/>'s model (a server for one class may not need it).</summary>
    protected virtual bool TrainsFixtureModel => true;

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string ModelId { get; private set; } = "";
    public HttpClient Api { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Root", storageRoot);
        builder.UseSetting("Auth:ApiKeys:0", ApiKey);
        builder.UseSetting("Datasets:Root", TestData.MnistRoot);
        builder.UseSetting("Training:PollMilliseconds", "200");
    }

    public async Task InitializeAsync()
    {
        // Expect(...) waits for its condition; Playwright's default of 5 s is short for Chromium on a loaded 2-core machine
        // (actions already wait 30 s: PageSession). A condition that never holds still fails, later.
        Assertions.SetDefaultExpectTimeout(30_000);
        StartServer();
        Api = CreateClient();
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        BaseAddress = Api.BaseAddress!;
        var training = TrainsFixtureModel ? TrainFixtureModelAsync() : Task.FromResult("");
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} not found: run build/chromium.sh (./test.sh does) or set CHROMIUM_PATH.");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
        ModelId = await training;
    }

    private async Task<string> TrainFixtureModelAsync()
    {
        var jobs = new JobClient(Api);
        var id = (await jobs.StartAsync(FixtureJob)).GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(id, seconds: 300);
        Assert.True(JobClient.Status(job) == "succeeded", $"The fixture's model did not train: {job}");
        return job.GetProperty("modelId").GetString()!;
    }

    /// <summary>A model besides the fixture's: one another test left, or a tiny one trained now through the API.</summary>
    public async Task<string> OtherModelAsync()
    {
        var models = await (await Api.GetAsync("/api/v1/models")).JsonAsync(System.Net.HttpStatusCode.OK);
        foreach (var model in models.EnumerateArray())
            if (model.GetProperty("id").GetString() is { } id && id != ModelId) return id;
        var jobs = new JobClient(Api);
        var job = await jobs.StartAsync(new { preset = "mnist-convnet", epochs = 1, batchSize = 32, trainLimit = 320, testLimit = 100, seed = 3 });
        var done = await jobs.WaitForEndAsync(job.GetProperty("id").GetString()!, seconds: 120);
        Assert.True(JobClient.Status(done) == "succeeded", $"The other model did not train: {done}");
        return done.GetProperty("modelId").GetString()!;
    }

    /// <summary>What the API itself answers to a JSON request, for comparing with what the page shows.</summary>
    public async Task<JsonElement> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Api.PostAsync(path, content);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        Api?.Dispose();
        await base.DisposeAsync();
        try { Directory.Delete(storageRoot, recursive: true); }
        catch (IOException) { /* a file still open by a finishing job; the temp folder is cleaned by the OS */ }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
