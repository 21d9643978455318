using CnnApi.Torch.Mnist;

namespace CnnApi.Torch.Tests.Mnist;

public sealed class IdxFileTests : IDisposable
{
    private static readonly MnistFile Images = new("img", 0, ""), Labels = new("lbl", 0, "");
    private readonly string _root = Directory.CreateTempSubdirectory("idx-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void LoadPair_TwoSyntheticImages_NormalisedNchwTensors()
    {
        var pixels = new byte[2 * 784];
        pixels[0] = 255;
        Write("img", ImagesHeader(2, 28, 28), pixels);
        Write("lbl", [0, 0, 8, 1, 0, 0, 0, 2], [7, 3]);

        var (images, labels) = MnistDataset.LoadPair(_root, Images, Labels);

        Assert.Equal(new long[] { 2, 1, 28, 28 }, images.shape);
        Assert.Equal(new long[] { 7, 3 }, labels.data<long>().ToArray());
        Assert.Equal((1 - MnistNormalization.Mean) / MnistNormalization.Std, images[0, 0, 0, 0].item<float>(), 5);
        Assert.Equal(-MnistNormalization.Mean / MnistNormalization.Std, images[1, 0, 27, 27].item<float>(), 5);
    }

    [Fact]
    public void LoadPair_TruncatedImages_ThrowsNamingFile()
    {
        Write("img", ImagesHeader(2, 28, 28), new byte[784 + 100]);
        Write("lbl", [0, 0, 8, 1, 0, 0, 0, 2], [7, 3]);

        var e = Assert.Throws<MnistDataException>(() => MnistDataset.LoadPair(_root, Images, Labels));

        Assert.Contains("img", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void LoadPair_WrongMagic_ThrowsNamingMagic()
    {
        Write("img", [0, 0, 8, 1, 0, 0, 0, 1], new byte[784]);
        Write("lbl", [0, 0, 8, 1, 0, 0, 0, 1], [1]);

        var e = Assert.Throws<MnistDataException>(() => MnistDataset.LoadPair(_root, Images, Labels));

        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void LoadPair_LabelCountDiffers_Throws()
    {
        Write("img", ImagesHeader(1, 28, 28), new byte[784]);
        Write("lbl", [0, 0, 8, 1, 0, 0, 0, 2], [1, 2]);

        var e = Assert.Throws<MnistDataException>(() => MnistDataset.LoadPair(_root, Images, Labels));

        Assert.Contains("2 labels for 1 images", e.Message);
    }

    [Fact]
    public void LoadPair_LabelAboveNine_Throws()
    {
        Write("img", ImagesHeader(1, 28, 28), new byte[784]);
        Write("lbl", [0, 0, 8, 1, 0, 0, 0, 1], [12]);

        Assert.Throws<MnistDataException>(() => MnistDataset.LoadPair(_root, Images, Labels));
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingMissingFiles()
    {
        var e = Assert.Throws<MnistDataException>(() => MnistDataset.Load(Path.Combine(_root, "nowhere")));

        Assert.Contains("train-images-idx3-ubyte is missing", e.Message);
    }

    private static byte[] ImagesHeader(int count, int rows, int cols) =>
        [0, 0, 8, 3, .. BigEndian(count), .. BigEndian(rows), .. BigEndian(cols)];

    private static byte[] BigEndian(int v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    private void Write(string name, byte[] header, byte[] body) => File.WriteAllBytes(Path.Combine(_root, name), [.. header, .. body]);
}
