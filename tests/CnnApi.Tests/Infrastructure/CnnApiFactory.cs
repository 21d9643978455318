using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using CnnApi.Tests.OpenApi;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace CnnApi.Tests.Infrastructure;

/// <summary>
/// The real host over a fresh temp <c>Storage:Root</c> (a real SQLite file), a known API key, and the
/// MNIST files fetched by ./test.sh; rate limits off. Extra settings override per test class. Every client it makes holds each
/// response to the live OpenAPI document (<see cref="OpenApiValidatingHandler"/>).
/// </summary>
public class CnnApiFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-key-0123456789abcdef";
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private readonly bool _ownsStorage;
    private readonly TestStore? _store;
    private readonly Action<IServiceCollection>? _services;

    public CnnApiFactory() : this(new Dictionary<string, string?>()) { }

    /// <summary>A factory with these settings (key, value).</summary>
    internal static CnnApiFactory With(params (string Key, string Value)[] settings) =>
        new(settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    /// <summary>A factory with extra settings; with <paramref name="storageRoot"/>, a second host over the same store (kept on dispose).</summary>
    internal CnnApiFactory(IReadOnlyDictionary<string, string?> settings, string? storageRoot = null)
    {
        _settings = settings;
        _ownsStorage = storageRoot is null;
        StorageRoot = storageRoot ?? NewStorageRoot();
        _contract = new Lazy<Task<OpenApiContract>>(async () =>
        {
            using var client = CreateUncheckedClient();
            return OpenApiValidatingHandler.ContractOf(await client.GetStringAsync("/swagger/v1/swagger.json"));
        });
    }

    /// <summary>A host over <paramref name="store"/> (either engine; the store is the caller's to dispose), with services replaced by <paramref name="services"/>.</summary>
    internal CnnApiFactory(TestStore store, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
        : this(settings, store.Root)
    {
        _store = store;
        _services = services;
    }

    private readonly Lazy<Task<OpenApiContract>> _contract;

    /// <summary>The live document as a response checker.</summary>
    public Task<OpenApiContract> ContractAsync() => _contract.Value;

    /// <summary>A client like WebApplicationFactory's (redirects, cookies) whose responses must match the live OpenAPI document.</summary>
    public new HttpClient CreateClient() =>
        CreateDefaultClient(new Uri("http://localhost"), new OpenApiValidatingHandler(ContractAsync), new RedirectHandler(), new CookieContainerHandler());

    /// <summary>A client whose responses are not checked against the document (for reading the document itself).</summary>
    public HttpClient CreateUncheckedClient() => base.CreateClient();

    public string StorageRoot { get; }

    public static string NewStorageRoot() => Path.Combine(Path.GetTempPath(), "cnnapi-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Root", StorageRoot);
        builder.UseSetting("Auth:ApiKeys:0", ApiKey);
        builder.UseSetting("Datasets:Root", TestData.MnistRoot);
        builder.UseSetting("Training:PollMilliseconds", "200");
        builder.UseSetting("Training:CalibrateAtStart", "false");  // the throughput benchmark: TrainingJobEstimateTests turn it on
        builder.UseSetting("Training:ProbeEstimates", "false");  // likewise the estimate's probe of a network
        // Tests fire requests faster than any client should; RateLimitTests turn the limits back on.
        builder.UseSetting("RateLimits:Enabled", "false");
        if (_store is not null)
            foreach (var (key, value) in _store.Settings) builder.UseSetting(key, value);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    /// <summary>A client that sends the API key.</summary>
    public HttpClient CreateKeyedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsStorage && Directory.Exists(StorageRoot))
        {
            try { Directory.Delete(StorageRoot, recursive: true); }
            catch (IOException) { /* a file still open by a finishing job; the temp folder is cleaned by the OS */ }
        }
    }
}
