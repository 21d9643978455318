using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace CnnApi.Tests.Infrastructure;

/// <summary>
/// The built app (<c>src/CnnApi/bin/&lt;Configuration&gt;/…/CnnApi.dll</c>) as a separate OS process, configured by
/// environment variables, on a free loopback port. Its output is kept for failure messages; <see cref="Kill"/>
/// sends SIGKILL (no shutdown code runs); dispose stops it if still running.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", CnnApiFactory.ApiKey);
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public HttpClient Client { get; }
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string AppDll()
    {
        // The test binaries live in tests/CnnApi.Tests/bin/<Configuration>/net10.0[/rid]/: take the app of the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).FullName.Contains("/bin/Debug/") ? "Debug" : "Release";
        var bin = Path.Combine(TestData.RepoRoot(), "src", "CnnApi", "bin", configuration);
        return Directory.Exists(bin) ? Directory.GetFiles(bin, "CnnApi.dll", SearchOption.AllDirectories).OrderBy(f => f.Length).FirstOrDefault()
            ?? throw new FileNotFoundException($"CnnApi.dll not found under {bin}: build the solution first") : throw new DirectoryNotFoundException(bin);
    }

    /// <summary>Starts the app with <paramref name="settings"/> (configuration keys, <c>:</c> or <c>__</c>) and waits until <c>/health/live</c> answers.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(AppDll());
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Datasets__Root"] = TestData.MnistRoot;
        start.Environment["Auth__ApiKeys__0"] = CnnApiFactory.ApiKey;
        start.Environment["Training__TorchThreads"] = "1";
        start.Environment["Training__CalibrateAtStart"] = "false";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value ?? "";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the app exited with {process.ExitCode}:\n{app.Output}");
            try
            {
                if ((await app.Client.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) { app.Dispose(); throw new TimeoutException($"the app did not answer in 60 s:\n{app.Output}"); }
            await Task.Delay(200);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>SIGKILL: the process dies at once, mid-batch, without checkpointing or giving its jobs back.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM first (a graceful stop), then SIGKILL if it hangs.
            try { Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit(2000); } catch (Exception) { }
            if (!_process.WaitForExit(15_000)) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
