using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Training;

/// <summary>Batch augmentation: reproducible from (seed, epoch, batch), changes the images, keeps the background, and a
/// suspended augmented run resumes bit for bit.</summary>
public sealed class AugmentationTests : IDisposable
{
    private static readonly Augmentation Recipe = new(Shift: 2.5, Rotation: 10, Zoom: 0.1);
    private static readonly float Background = -MnistNormalization.Mean / MnistNormalization.Std;
    private readonly string _dir = Directory.CreateTempSubdirectory("augment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Apply_SameSeedAndBatch_SameImages_OtherBatchOrSeed_OtherImages()
    {
        var data = MnistTestData.Dataset; // loaded outside the scope: the scope would dispose the shared tensors
        using var scope = NewDisposeScope();
        var x = data.TrainImages.narrow(0, 0, 64);

        var a = BatchAugmenter.Apply(x, Recipe, epochSeed: 5, batch: 3);
        var again = BatchAugmenter.Apply(x, Recipe, epochSeed: 5, batch: 3);
        var otherBatch = BatchAugmenter.Apply(x, Recipe, epochSeed: 5, batch: 4);
        var otherSeed = BatchAugmenter.Apply(x, Recipe, epochSeed: 6, batch: 3);

        Assert.Equal(x.shape, a.shape);
        Assert.True(a.eq(again).all().item<bool>());
        Assert.False(a.eq(x).all().item<bool>());
        // Every image changes, and differently for another batch or seed.
        Assert.True(a.sub(x).abs().amax([1, 2, 3]).gt(0.5).all().item<bool>());
        Assert.True(a.sub(otherBatch).abs().amax([1, 2, 3]).gt(0.5).all().item<bool>());
        Assert.True(a.sub(otherSeed).abs().amax([1, 2, 3]).gt(0.5).all().item<bool>());
    }

    [Fact]
    public void Apply_Recipe_KeepsTheBackgroundAroundAndTheInkInside()
    {
        var data = MnistTestData.Dataset;
        using var scope = NewDisposeScope();
        var x = data.TrainImages.narrow(0, 0, 256);

        var a = BatchAugmenter.Apply(x, Recipe, epochSeed: 1, batch: 0);

        // MNIST digits sit in the central 20×20 box: a 2.5-pixel shift, 10° turn and 10 % zoom leave the border background.
        var border = cat([a.narrow(2, 0, 1).flatten(), a.narrow(3, 0, 1).flatten()]);
        var offBackground = border.sub(Background).abs().gt(1e-4).sum().item<long>();
        Assert.True(offBackground < border.shape[0] / 100, $"{offBackground} of {border.shape[0]} border pixels are not background");
        // The ink is moved, not lost or invented: within 30 % per image (zoom changes the area by up to 21 %).
        var inkBefore = x.sub(Background).sum([1, 2, 3]);
        var inkAfter = a.sub(Background).sum([1, 2, 3]);
        var change = inkAfter.div(inkBefore).sub(1).abs().max().item<float>();
        Assert.True(change < 0.3f, $"ink changed by {change:P0}");
    }

    [Fact]
    public void Thetas_NoAugmentation_IsTheIdentityMap()
    {
        var theta = BatchAugmenter.Thetas(new Augmentation(), 3, new Random(1));

        Assert.Equal([1f, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0], theta);
    }

    [Fact]
    public void Run_Augmented_DiffersFromPlain_AndSuspendedThenResumed_IsBitExact()
    {
        var options = new TrainingOptions
        {
            Epochs = 2, BatchSize = 32, TrainLimit = 640, ValidationSplit = 0.2, TestLimit = 500, Seed = 11, Augmentation = Recipe,
        };
        var plain = Trainer(options with { Augmentation = null }).Run(Path.Combine(_dir, "plain.bin"));
        var straight = Trainer(options).Run(Path.Combine(_dir, "straight.bin"));
        Assert.NotEqual(plain.History[0].Loss, straight.History[0].Loss);

        var checkpoint = Path.Combine(_dir, "run.ckpt");
        using var suspend = new CancellationTokenSource();
        var first = Trainer(options, checkpoint, p => { if (p.Epoch == 2 && p.Batch == 7) suspend.Cancel(); });
        Assert.Throws<TrainingSuspendedException>(() => first.Run(Path.Combine(_dir, "x.bin"), suspend: suspend.Token));
        var resumed = Trainer(options, checkpoint).Run(Path.Combine(_dir, "resumed.bin"), resumeFrom: checkpoint);

        Assert.Equal(straight.History.Select(h => (h.Loss, h.Accuracy, h.ValLoss, h.ValAccuracy)),
            resumed.History.Select(h => (h.Loss, h.Accuracy, h.ValLoss, h.ValAccuracy)));
        Assert.Equal((straight.TestLoss, straight.TestAccuracy), (resumed.TestLoss, resumed.TestAccuracy));
        Assert.Equal(straight.WeightsSha256, resumed.WeightsSha256);
    }

    private static Trainer Trainer(TrainingOptions options, string? checkpoint = null, Action<TrainingProgress>? progress = null) =>
        new(NetworkLayers.From(TestArchitectures.Tiny()), MnistTestData.Dataset, options)
        {
            CheckpointPath = checkpoint, ProgressInterval = TimeSpan.Zero, Progress = progress,
        };
}
