using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Tests;

/// <summary>
/// The thirty documents Keras itself wrote, read from /work/shared/keras-real/docs (never copied into the repository).
/// Where that folder is absent (another machine) these tests pass without checking anything; where it exists, every
/// document listed here must be present. Expected counts were worked out independently from Keras's formulas;
/// k2-surdebmalya-mnist is checked by hand below.
/// </summary>
public sealed class KerasRealDocumentsTests
{
    private const string Folder = "/work/shared/keras-real/docs";

    // file, total params, non-trainable, final output shape
    public static TheoryData<string, long, long, string> Accepted => new()
    {
        { "k2-0x1za-keras_cnn.json", 1_212_513, 0, "1" },
        { "k2-antoinedw-cat-or-dog.json", 10_333_505, 0, "1" },
        { "k2-bhavul-caltech101.json", 43_845_893, 0, "101" },
        { "k2-cristreglia-emotion.json", 1_485_831, 0, "7" },
        { "k2-gitshanks-fer2013.json", 5_905_863, 3_712, "7" },
        { "k2-himalaypatel-fashion.json", 173_738, 0, "10" },
        { "k2-mulicvedad-emotion.json", 140_741, 0, "5" },
        // 28×28×1, same convs: 320, 9,248, BN 128 (64 nt), pool 14; 36,992, 147,584, BN 512 (256 nt), pool 7;
        // 295,168, 590,080, BN 1,024 (512 nt), pool 3; flatten 2,304; dense 590,080, 32,896, 8,256, 650 → 1,712,938, 832 nt.
        { "k2-surdebmalya-mnist.json", 1_712_938, 832, "10" },
        { "k3-amitramrakhyani-emotion.json", 2_345_607, 0, "7" },
        { "k3-himalrana-mnist.json", 179_926, 0, "10" },
        { "k3-mahirshah28-cifar10.json", 2_168_362, 0, "10" },
        { "k3-petermon0905-equation.json", 15_151_054, 0, "14" },
        { "k3-rakshitha-handwritten.json", 250_058, 448, "10" },
        { "tfjs-15huangtimothy-classifier.json", 208_227, 0, "3" },
        { "tfk-0nikola0-emotion.json", 1_915_975, 512, "7" },
        { "tfk-4vedi-emotion.json", 4_478_727, 3_968, "7" },
        { "tfk-akashvarude-fer.json", 3_251_783, 0, "7" },
        { "tfk-alvinbrocke-facemask.json", 7_400_706, 0, "2" },
        { "tfk-datendynamo-handwriting.json", 2_230_506, 3_456, "10" },
        { "tfk-mbilobro-workshop.json", 812_072, 840, "10" },
        { "tfk-nicholas1771-animal.json", 2_117_188, 0, "4" },
        { "tfk-sathwiky579-bone.json", 22_278_593, 448, "1" },
        // Accepted since issue 11 (ELU, channels_first, nested models, preprocessing and augmentation layers).
        // The three Keras 2 documents' counts come from TensorFlow.js's tf.models.modelFromJSON on the unchanged file.
        { "bad-k2-2dongheee-elu.json", 3_304_609, 0, "1" },
        { "bad-k2-andrewboho-chfirst.json", 22_963_937, 0, "1" },
        // MaxPooling2D channels_first on a channels_last tensor pools over width and channels, as Keras computes it.
        { "bad-k2-tastaba-pool-chfirst.json", 12_651_170, 0, "2" },
        // 256×256×3: Conv 896, then 18,496 and four times 36,928 (3×3 convs, each pooled), 2·2·64 = 256 features,
        // Dense 16,448 and 195 = 183,747 (the figure Keras prints for this well-known potato-leaf model).
        { "bad-k3-226ykcaj-augment.json", 183_747, 0, "3" },
        // Frozen VGG16 without top: 14,714,688 (Keras applications docs), all non-trainable; Flatten 7·7·512 = 25,088,
        // Dense 3,211,392, 8,256 and 65.
        { "bad-k3-roshiettehadi-vgg16.json", 17_934_401, 14_714_688, "1" },
    };

    // file, a path of one error, a fragment of its message
    public static TheoryData<string, string, string> Refused => new()
    {
        { "bad-k1-3llobo-behavioral.json", "keras_version", "Keras 1 documents (keras_version 1.2.1) are not supported" },
        { "bad-k1-3llobo-behavioral.json", "config[1].class_name", "'Lambda' is not supported: a Lambda layer runs Python code" },
        { "bad-k1-kazoo-mnist.json", "config[0].class_name", "'Convolution2D' (Keras 1" },
        { "bad-k2-chelog-lambda.json", "config.layers[0].class_name", "'Lambda' is not supported" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void RealDocument_Expect200_MatchesKerasCounts(string file, long total, long nonTrainable, string output)
    {
        if (Load(file) is not { } json)
            return;

        var read = ArchitectureReader.Read(json);
        var summary = Specs.Summary(read.Architecture ?? throw new Xunit.Sdk.XunitException(string.Join("; ", read.Errors)));

        Assert.Equal(SpecFormat.Keras, read.Format);
        Assert.Equal((total, nonTrainable, output), (summary.TotalParams, summary.NonTrainableParams, Specs.Dims(summary.Layers[^1].OutputDims)));
        Assert.Equal(summary.Layers.Sum(l => l.Params), summary.TotalParams);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void RealDocument_Expect400_NamesTheReason(string file, string path, string message)
    {
        if (Load(file) is not { } json)
            return;

        var read = ArchitectureReader.Read(json);

        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void RealDocuments_Folder_HoldsExactlyTheListedThirty()
    {
        if (!Directory.Exists(Folder))
            return;

        var files = Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order().ToArray();

        Assert.NotEmpty(files);
        Assert.Equal(Accepted.Select(r => (string)r[0]).Concat(Refused.Select(r => (string)r[0])).Distinct().Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
    }

    private static string? Load(string file)
    {
        if (!Directory.Exists(Folder))
            return null;  // another machine: the shared documents are not there and must not be copied in
        return File.ReadAllText(Path.Combine(Folder, file));
    }
}
