namespace CnnApi.Health;

/// <summary>
/// <c>CnnApi healthcheck [url]</c>: GETs <c>/health/live</c> of the server on this machine and exits 0 when
/// it answers 200, 1 otherwise, within a few seconds. The container's <c>HEALTHCHECK</c> runs it: the
/// ASP.NET runtime image has no curl. It never starts the web host.
/// </summary>
public static class HealthcheckCommand
{
    public const string Name = "healthcheck";
    public const string LivePath = "/health/live";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var url = args.Length > 1 ? args[1] : LiveUrl(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"),
            Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            using var response = await http.GetAsync(url);
            await output.WriteLineAsync($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            await output.WriteLineAsync($"{url}: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The live URL on loopback: the first <c>http://</c> address of <c>ASPNETCORE_URLS</c> (wildcard hosts
    /// become 127.0.0.1), else the first of <c>ASPNETCORE_HTTP_PORTS</c>, else port 8080 (the images' default).
    /// </summary>
    public static string LiveUrl(string? urls, string? httpPorts)
    {
        foreach (var address in Split(urls, ';'))
        {
            if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) continue;
            var rest = address["http://".Length..];
            var slash = rest.IndexOf('/');
            var hostPort = slash < 0 ? rest : rest[..slash];
            var colon = hostPort.LastIndexOf(':');
            var host = colon > 0 && !hostPort.EndsWith(']') ? hostPort[..colon] : hostPort;
            var port = colon > 0 && !hostPort.EndsWith(']') ? hostPort[(colon + 1)..] : "80";
            return $"http://{LoopbackFor(host)}:{port}{LivePath}";
        }
        var firstPort = Split(httpPorts, ';', ',').FirstOrDefault() ?? "8080";
        return $"http://127.0.0.1:{firstPort}{LivePath}";
    }

    private static string LoopbackFor(string host) => host switch
    {
        "+" or "*" or "0.0.0.0" or "" => "127.0.0.1",
        "[::]" => "[::1]",
        _ => host,
    };

    private static IEnumerable<string> Split(string? value, params char[] separators) =>
        (value ?? "").Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
