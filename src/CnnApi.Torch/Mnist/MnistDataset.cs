using static TorchSharp.torch;

namespace CnnApi.Torch.Mnist;

/// <summary>
/// MNIST in memory as four tensors (no per-image objects): images [N, 1, 28, 28] float32 normalised by
/// <see cref="MnistNormalization"/>, labels [N] int64. Load once and share between jobs; it is read-only.
/// </summary>
public sealed class MnistDataset : IDisposable
{
    private MnistDataset(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels)
    {
        TrainImages = trainImages; TrainLabels = trainLabels; TestImages = testImages; TestLabels = testLabels;
    }

    internal Tensor TrainImages { get; }
    internal Tensor TrainLabels { get; }
    internal Tensor TestImages { get; }
    internal Tensor TestLabels { get; }

    public int TrainCount => (int)TrainLabels.shape[0];
    public int TestCount => (int)TestLabels.shape[0];

    /// <summary>
    /// Loads the four IDX files under <paramref name="root"/>. With <paramref name="verifyHashes"/> the files
    /// must also be the exact originals (<see cref="MnistFiles"/>). Throws <see cref="MnistDataException"/>
    /// naming the file and the problem.
    /// </summary>
    public static MnistDataset Load(string root, bool verifyHashes = true)
    {
        if (verifyHashes)
        {
            var bad = MnistFiles.Verify(root).Where(s => s.State != MnistFileState.Ok).ToList();
            if (bad.Count > 0)
                throw new MnistDataException("MNIST files not usable: " +
                    string.Join("; ", bad.Select(s => $"{s.Path} is {Describe(s.State)}")));
        }
        var (trainImages, trainLabels) = LoadPair(root, MnistFiles.TrainImages, MnistFiles.TrainLabels);
        var (testImages, testLabels) = LoadPair(root, MnistFiles.TestImages, MnistFiles.TestLabels);
        return new MnistDataset(trainImages, trainLabels, testImages, testLabels);
    }

    /// <summary>Random images (standard normal) and labels in MNIST's shapes: for throughput probes, never for accuracy.</summary>
    public static MnistDataset Synthetic(int train, int test, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return new MnistDataset(randn([train, 1, 28, 28], generator: generator), randint(0, 10, [train], ScalarType.Int64, generator: generator),
            randn([test, 1, 28, 28], generator: generator), randint(0, 10, [test], ScalarType.Int64, generator: generator));
    }

    internal static (Tensor Images, Tensor Labels) LoadPair(string root, MnistFile imagesFile, MnistFile labelsFile)
    {
        var imagesPath = Path.Combine(root, imagesFile.Name);
        var labelsPath = Path.Combine(root, labelsFile.Name);
        var (pixels, count, rows, cols) = IdxFile.ReadImages(imagesPath);
        var labels = IdxFile.ReadLabels(labelsPath);
        if (rows != 28 || cols != 28)
            throw new MnistDataException($"{imagesPath}: images are {rows}×{cols}, not 28×28");
        if (labels.Length != count)
            throw new MnistDataException($"{labelsPath}: {labels.Length} labels for {count} images in {imagesPath}");
        using var byteLabels = tensor(labels, ScalarType.Byte);
        return (MnistNormalization.FromBytes(pixels, count, rows, cols), byteLabels.to_type(ScalarType.Int64));
    }

    private static string Describe(MnistFileState state) => state switch
    {
        MnistFileState.Missing => "missing",
        MnistFileState.WrongSize => "of the wrong size (truncated or not MNIST)",
        MnistFileState.WrongHash => "corrupt (SHA-256 differs)",
        _ => "ok",
    };

    public void Dispose()
    {
        TrainImages.Dispose(); TrainLabels.Dispose(); TestImages.Dispose(); TestLabels.Dispose();
    }
}
