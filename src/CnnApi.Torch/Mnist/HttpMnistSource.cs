using System.IO.Compression;

namespace CnnApi.Torch.Mnist;

/// <summary>Downloads the gzipped originals from the canonical mirrors (for machines with internet access).</summary>
public sealed class HttpMnistSource(HttpClient http) : IMnistSource
{
    /// <summary>Tried in order; the file URL is the mirror plus the file name plus ".gz".</summary>
    public static IReadOnlyList<string> Mirrors { get; } =
    [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ];

    public string Name => "HTTP mirrors";

    public bool IsAvailable => true;

    public async Task FetchAsync(IReadOnlyList<MnistFile> files, string stagingDir, Action<string> log, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            foreach (var mirror in Mirrors)
            {
                var url = mirror + file.Name + ".gz";
                try
                {
                    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    response.EnsureSuccessStatusCode();
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await using var gz = new GZipStream(body, CompressionMode.Decompress);
                    await using var output = File.Create(Path.Combine(stagingDir, file.Name));
                    await gz.CopyToAsync(output, cancellationToken);
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or TaskCanceledException
                                          && !cancellationToken.IsCancellationRequested)
                {
                    log($"{url}: {e.Message}");
                }
            }
        }
    }
}
