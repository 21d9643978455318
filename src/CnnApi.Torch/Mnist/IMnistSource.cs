namespace CnnApi.Torch.Mnist;

/// <summary>A place MNIST can be fetched from. Writes the raw (uncompressed) IDX files into a staging folder.</summary>
public interface IMnistSource
{
    /// <summary>Short name for logs.</summary>
    string Name { get; }

    /// <summary>False when this source cannot work on this machine (e.g. no npm), so the fetcher skips it.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Writes as many of <paramref name="files"/> as it can into <paramref name="stagingDir"/>, named as in
    /// <see cref="MnistFile.Name"/>. May throw; the fetcher checks size and hash of whatever it wrote.
    /// </summary>
    Task FetchAsync(IReadOnlyList<MnistFile> files, string stagingDir, Action<string> log, CancellationToken cancellationToken);
}
