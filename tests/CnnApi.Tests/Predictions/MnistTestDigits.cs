using System.IO.Compression;

namespace CnnApi.Tests.Predictions;

/// <summary>
/// Real MNIST test digits (t10k-images-idx3-ubyte), read from <c>MNIST_ROOT</c> or else
/// <c>&lt;repo root&gt;/data/datasets</c>. Absent files are an error, not a skipped test: a check
/// against real digits that silently passes without them checks nothing. No xunit dependency, so
/// tests/CnnApi.Benchmarks can link this file.
/// </summary>
public static class MnistTestDigits
{
    private const string FileName = "t10k-images-idx3-ubyte";
    private const int Pixels = 28 * 28;
    private static readonly Lazy<byte[][]> All = new(Read);

    /// <summary>The first <paramref name="count"/> test digits, 784 bytes each (0 = background, 255 = ink).</summary>
    public static IReadOnlyList<byte[]> Load(int count) => All.Value[..Math.Min(count, All.Value.Length)];

    /// <summary>The file's path, or an exception saying where it was looked for and how to get it.</summary>
    public static string Locate()
    {
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("MNIST_ROOT") is { Length: > 0 } env)
        {
            roots.Add(env);
        }
        if (RepoRoot() is { } repo)
        {
            roots.Add(Path.Combine(repo, "data", "datasets"));
            roots.Add(Path.Combine(repo, "data", "datasets", "mnist"));
        }
        foreach (var candidate in roots.SelectMany(r => new[] { Path.Combine(r, FileName), Path.Combine(r, FileName + ".gz") }))
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(
            $"MNIST test images ({FileName}[.gz]) not found in: {string.Join(", ", roots)}. " +
            "Run ./test.sh (it fetches them into data/datasets) or set MNIST_ROOT to their folder.");
    }

    private static byte[][] Read()
    {
        var path = Locate();
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var magic = ReadBigEndian(bytes, 0);
        var count = ReadBigEndian(bytes, 4);
        if (magic != 0x803 || ReadBigEndian(bytes, 8) != 28 || ReadBigEndian(bytes, 12) != 28 || bytes.Length < 16 + count * Pixels)
        {
            throw new InvalidDataException($"{path} is not an IDX file of 28 × 28 images.");
        }
        return Enumerable.Range(0, count).Select(i => bytes.AsSpan(16 + i * Pixels, Pixels).ToArray()).ToArray();
    }

    private static int ReadBigEndian(byte[] b, int at) => b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3];

    private static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CnnApi.sln")) || File.Exists(Path.Combine(dir.FullName, "CnnApi.slnx")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
