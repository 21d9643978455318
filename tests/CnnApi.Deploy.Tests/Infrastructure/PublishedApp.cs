using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CnnApi.Deploy.Tests.Infrastructure;

/// <summary>
/// The app as the image holds it: published by the Dockerfile's own restore and publish commands into a folder
/// nobody may write to, then started as an unprivileged user (uid 65534 through setpriv when the tests run as
/// root) with the image's environment, its port and storage pointed at this test's own places.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public const int UnprivilegedId = 65534; // nobody / nogroup
    private readonly string _work = Path.Combine(Path.GetTempPath(), "cnnapi-deploy-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> _log = [];
    private Process? _process;

    public string AppDirectory => Path.Combine(_work, "app");
    public string DataDirectory => Path.Combine(_work, "data");
    public int Port { get; } = UnusedPort();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public Dictionary<string, string?> Environment { get; } = [];
    public int ProcessId => _process!.Id;
    public TimeSpan PublishTime { get; private set; }

    /// <summary>What the app wrote on stdout so far (JSON lines with Logging__Json=true).</summary>
    public IReadOnlyList<string> Log { get { lock (_log) return _log.ToList(); } }

    public async Task InitializeAsync()
    {
        var docker = Dockerfile.Load(Repo.PathOf("Dockerfile"));
        var watch = Stopwatch.StartNew();
        await RunOrFailAsync("dotnet", DockerCommands.Restore(docker, "cpu"));
        await RunOrFailAsync("dotnet", DockerCommands.Publish(docker, "cpu", AppDirectory));
        PublishTime = watch.Elapsed;

        // The image's files belong to root and its user cannot write them; here the folders lose their write bits too.
        // (The files are not chmod-ed: most are hard links into the NuGet cache.)
        foreach (var dir in Directory.GetDirectories(AppDirectory, "*", SearchOption.AllDirectories).Append(AppDirectory))
            File.SetUnixFileMode(dir, (UnixFileMode)0b101_101_101);
        Directory.CreateDirectory(DataDirectory);
        if (IsRoot) await RunOrFailAsync("chown", [$"{UnprivilegedId}:{UnprivilegedId}", DataDirectory]);

        foreach (var (key, value) in docker.Final.Environment()) Environment[key] = value;
        Environment["ASPNETCORE_HTTP_PORTS"] = Port.ToString();
        Environment["Storage__Root"] = DataDirectory;
        Environment["Datasets__Root"] = Repo.MnistRoot;
        _process = Process.Start(StartInfo([Path.Combine(AppDirectory, "CnnApi.dll")], Environment))!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Runs <c>dotnet CnnApi.dll &lt;args&gt;</c> from the published folder as the app's user, with the app's environment.</summary>
    public Task<Processes.Result> RunCommandAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        return Processes.RunAsync(StartInfo([Path.Combine(AppDirectory, "CnnApi.dll"), .. args], environment), timeout);
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _ = kill(_process.Id, 15); // SIGTERM, as docker stop and the kubelet send it
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process?.Dispose();
        if (Directory.Exists(AppDirectory))
            foreach (var dir in Directory.GetDirectories(AppDirectory, "*", SearchOption.AllDirectories).Append(AppDirectory))
                File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        try { Directory.Delete(_work, recursive: true); }
        catch (IOException) { /* the OS cleans temp */ }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"The app exited with {_process.ExitCode}:\n{string.Join('\n', Log)}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { /* busy machine */ }
            await Task.Delay(250);
        }
        throw new TimeoutException($"/health/ready did not answer 200 within {timeout}:\n{string.Join('\n', Log)}");
    }

    /// <summary>A clean environment (PATH, HOME and the given variables), run through setpriv when we are root.</summary>
    private ProcessStartInfo StartInfo(IEnumerable<string> dotnetArgs, IReadOnlyDictionary<string, string?> environment)
    {
        IEnumerable<string> args = IsRoot
            ? ["--reuid", $"{UnprivilegedId}", "--regid", $"{UnprivilegedId}", "--clear-groups", "--", "dotnet", .. dotnetArgs]
            : dotnetArgs;
        var info = Processes.StartInfo(IsRoot ? "setpriv" : "dotnet", args, AppDirectory);
        info.Environment.Clear();
        info.Environment["PATH"] = System.Environment.GetEnvironmentVariable("PATH");
        info.Environment["HOME"] = "/nonexistent";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return info;
    }

    private static async Task RunOrFailAsync(string file, IEnumerable<string> args)
    {
        var result = await Processes.RunAsync(file, args, TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {result}");
    }

    public static bool IsRoot => geteuid() == 0;

    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
