using CnnApi.Torch.Mnist;

namespace CnnApi.Torch.Tests.Mnist;

/// <summary>A source that writes given bytes per file name, or throws, and counts its calls.</summary>
internal sealed class FakeMnistSource(IReadOnlyDictionary<string, byte[]> contents, bool fail = false) : IMnistSource
{
    public int Calls { get; private set; }
    public List<string> Requested { get; } = [];
    public string Name => "fake";
    public bool IsAvailable => true;

    public Task FetchAsync(IReadOnlyList<MnistFile> files, string stagingDir, Action<string> log, CancellationToken cancellationToken)
    {
        Calls++;
        Requested.AddRange(files.Select(f => f.Name));
        if (fail) throw new HttpRequestException("fake source is offline");
        foreach (var file in files)
            if (contents.TryGetValue(file.Name, out var bytes))
                File.WriteAllBytes(Path.Combine(stagingDir, file.Name), bytes);
        return Task.CompletedTask;
    }
}
