using System.Security.Cryptography;
using CnnApi.Torch.Mnist;

namespace CnnApi.Torch.Tests.Mnist;

public sealed class MnistFetcherTests : IDisposable
{
    private static readonly byte[] A = [1, 2, 3, 4, 5], B = [9, 8, 7];
    private static readonly MnistFile FileA = Describe("a-idx", A), FileB = Describe("b-idx", B);
    private static readonly Dictionary<string, byte[]> Good = new() { ["a-idx"] = A, ["b-idx"] = B };
    private readonly string _root = Directory.CreateTempSubdirectory("mnist-fetch-").FullName;
    private readonly List<string> _log = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task EnsureFiles_CorruptAndMissingWithFakeSource_ReplacesOnlyThose()
    {
        File.WriteAllBytes(Path.Combine(_root, "a-idx"), [1, 2, 3, 4, 6]);
        var source = new FakeMnistSource(Good);

        await new MnistFetcher([source], [FileA, FileB]).EnsureFilesAsync(_root, _log.Add);

        Assert.Equal(["a-idx", "b-idx"], source.Requested);
        Assert.All(MnistFiles.Verify(_root, [FileA, FileB]), s => Assert.Equal(MnistFileState.Ok, s.State));
        Assert.Equal(["a-idx", "b-idx"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task EnsureFiles_IntactFileWithFakeSource_KeptAndSecondRunFetchesNothing()
    {
        File.WriteAllBytes(Path.Combine(_root, "a-idx"), A);
        var written = File.GetLastWriteTimeUtc(Path.Combine(_root, "a-idx"));
        var source = new FakeMnistSource(Good);
        var fetcher = new MnistFetcher([source], [FileA, FileB]);

        await fetcher.EnsureFilesAsync(_root, _log.Add);
        await fetcher.EnsureFilesAsync(_root, _log.Add);

        Assert.Equal(["b-idx"], source.Requested);
        Assert.Equal(1, source.Calls);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_root, "a-idx")));
    }

    [Fact]
    public async Task EnsureFiles_FakeSourceServesTruncatedFile_ThrowsAndInstallsNothing()
    {
        var source = new FakeMnistSource(new Dictionary<string, byte[]> { ["a-idx"] = A[..3], ["b-idx"] = B });

        var e = await Assert.ThrowsAsync<MnistDataException>(() => new MnistFetcher([source], [FileA, FileB]).EnsureFilesAsync(_root, _log.Add));

        Assert.Contains("a-idx", e.Message);
        Assert.False(File.Exists(Path.Combine(_root, "a-idx")));
        Assert.True(File.Exists(Path.Combine(_root, "b-idx")));
        Assert.Contains(_log, l => l.Contains("a-idx is WrongSize"));
    }

    [Fact]
    public async Task EnsureFiles_FirstFakeSourceOffline_SecondSourceUsed()
    {
        var offline = new FakeMnistSource(Good, fail: true);
        var online = new FakeMnistSource(Good);

        await new MnistFetcher([offline, online], [FileA, FileB]).EnsureFilesAsync(_root, _log.Add);

        Assert.Equal(1, offline.Calls);
        Assert.Equal(1, online.Calls);
        Assert.Contains(_log, l => l.Contains("offline"));
        Assert.Equal(MnistFileState.Ok, MnistFiles.Verify(_root, [FileA]).Single().State);
    }

    [Fact]
    public void Verify_WrongHashSameSize_ReportsWrongHash()
    {
        File.WriteAllBytes(Path.Combine(_root, "a-idx"), [5, 4, 3, 2, 1]);

        var states = MnistFiles.Verify(_root, [FileA, FileB]).Select(s => s.State);

        Assert.Equal([MnistFileState.WrongHash, MnistFileState.Missing], states);
    }

    private static MnistFile Describe(string name, byte[] bytes) => new(name, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
}
