using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using CnnApi.Torch.Training.Callbacks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Training.Callbacks;

/// <summary>Callbacks in real training runs on 640 MNIST images (16 batches per epoch): seconds each.</summary>
public sealed class TrainerCallbackTests : IDisposable
{
    private static readonly TrainingOptions Quick = new()
    {
        Epochs = 5, BatchSize = 32, TrainLimit = 640, ValidationSplit = 0.2, TestLimit = 500, Seed = 5,
    };
    private readonly string _dir = Directory.CreateTempSubdirectory("callbacks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EarlyStopping_NoImprovementAfterTheBestEpoch_StopsAndPublishesTheBestEpochsWeights()
    {
        // Epoch 1 is not monitored, epoch 2 is the first (so the best), and no later epoch gains 100: stop after epoch 3.
        var options = Quick with
        {
            EarlyStopping = new EarlyStopping { Monitor = "val_loss", Patience = 1, MinDelta = 100, StartFromEpoch = 1, RestoreBestWeights = true },
        };

        var stopped = Train(options, "stopped.bin");
        var twoEpochs = Train(Quick with { Epochs = 2 }, "two.bin");

        Assert.Equal([1, 2, 3], stopped.History.Select(h => h.Epoch));
        Assert.StartsWith("early stopping: val_loss did not improve for 1 epoch; restored the weights of epoch 2 (val_loss ", stopped.StopReason);
        // The published weights are epoch 2's, bit for bit, and the recorded test accuracy is theirs.
        Assert.Equal(twoEpochs.WeightsSha256, stopped.WeightsSha256);
        Assert.Equal(twoEpochs.TestAccuracy, stopped.TestAccuracy);
        Assert.Equal(twoEpochs.History[1], stopped.History[1] with { Seconds = twoEpochs.History[1].Seconds, ImagesPerSecond = twoEpochs.History[1].ImagesPerSecond });
    }

    [Fact]
    public void EarlyStopping_WithoutRestore_KeepsTheLastEpochsWeights()
    {
        var options = Quick with { EarlyStopping = new EarlyStopping { Monitor = "loss", MinDelta = 100 } };

        var stopped = Train(options, "stopped.bin");
        var twoEpochs = Train(Quick with { Epochs = 2 }, "two.bin");

        Assert.Equal(2, stopped.History.Count);
        Assert.Equal("early stopping: loss did not improve for 1 epoch", stopped.StopReason);
        Assert.Equal(twoEpochs.WeightsSha256, stopped.WeightsSha256);
    }

    [Fact]
    public void Run_WithoutCallbacks_CompletesAllEpochs_EveryEpochAtTheJobsRate()
    {
        var result = Train(Quick with { Epochs = 2, LearningRate = 0.002 }, "w.bin");

        Assert.Equal("completed all 2 epochs", result.StopReason);
        Assert.All(result.History, h => Assert.Equal(0.002, h.LearningRate));
    }

    [Fact]
    public void StepSchedule_EachEpochRecordsItsRate()
    {
        var result = Train(Quick with { Epochs = 3, LearningRate = 0.01, LearningRateSchedule = new() { Type = "step", Every = 1, Factor = 0.5 } }, "w.bin");

        Assert.Equal([0.01, 0.005, 0.0025], result.History.Select(h => h.LearningRate!.Value));
    }

    [Fact]
    public void StepSchedule_TheOptimizerUsesTheRate_ANearZeroRateLeavesTheWeightsWhereTheyWere()
    {
        // Epoch 2 at 1e-9 × the rate (SGD: every step moves a weight by rate × gradient) against epoch 1 alone.
        var sgd = Quick with { Optimizer = "sgd", LearningRate = 0.1 };
        var frozen = Train(sgd with { Epochs = 2, LearningRateSchedule = new() { Type = "step", Every = 1, Factor = 1e-9 } }, "frozen.bin");
        var oneEpoch = Train(sgd with { Epochs = 1 }, "one.bin");
        var twoEpochs = Train(sgd with { Epochs = 2 }, "two.bin");

        Assert.Equal(0.1 * 1e-9, frozen.History[1].LearningRate);
        Assert.True(MaxParameterDifference(frozen, oneEpoch) < 1e-7, $"moved {MaxParameterDifference(frozen, oneEpoch)}");
        Assert.True(MaxParameterDifference(twoEpochs, oneEpoch) > 1e-3, $"moved only {MaxParameterDifference(twoEpochs, oneEpoch)}");
    }

    [Fact]
    public void ReduceLrOnPlateau_NoImprovement_CutsTheRateFromTheNextEpoch()
    {
        var options = Quick with
        {
            Epochs = 4, LearningRate = 0.004,
            ReduceLrOnPlateau = new ReduceLrOnPlateau { Monitor = "val_loss", Patience = 1, MinDelta = 100, Factor = 0.5 },
        };

        var result = Train(options, "w.bin");

        Assert.Equal([0.004, 0.004, 0.002, 0.001], result.History.Select(h => h.LearningRate!.Value));
        Assert.Equal("completed all 4 epochs", result.StopReason);
    }

    [Fact]
    public void ContinuedTraining_StartsFromTheParentsAccuracy_NotFromScratch()
    {
        var convnet = NetworkLayers.From(Architectures.Presets.ArchitecturePresets.Find("mnist-convnet")!.Architecture);
        var parentOptions = new TrainingOptions { Epochs = 2, BatchSize = 32, TrainLimit = 2048, TestLimit = 1000, Seed = 3 };
        var parent = new Trainer(convnet, MnistTestData.Dataset, parentOptions).Run(Path.Combine(_dir, "parent.bin"));
        var childOptions = new TrainingOptions { Epochs = 1, BatchSize = 32, TrainLimit = 512, TestLimit = 1000, Seed = 9 };

        var child = new Trainer(convnet, MnistTestData.Dataset, childOptions with { InitialWeightsPath = parent.WeightsPath })
            .Run(Path.Combine(_dir, "child.bin"));
        var scratch = new Trainer(convnet, MnistTestData.Dataset, childOptions).Run(Path.Combine(_dir, "scratch.bin"));

        Assert.True(parent.TestAccuracy > 0.85, $"parent {parent.TestAccuracy}");
        // The child's first epoch trains at about the parent's accuracy from its first batch; scratch starts at chance.
        Assert.InRange(child.History[0].Accuracy, parent.TestAccuracy - 0.08, 1);
        Assert.True(child.History[0].Accuracy > scratch.History[0].Accuracy + 0.25,
            $"child {child.History[0].Accuracy}, scratch {scratch.History[0].Accuracy}");
    }

    private TrainingResult Train(TrainingOptions options, string weights) =>
        new Trainer(NetworkLayers.From(TestArchitectures.Tiny()), MnistTestData.Dataset, options).Run(Path.Combine(_dir, weights));

    /// <summary>The largest change of any trainable parameter between two runs' saved weights.</summary>
    private static double MaxParameterDifference(TrainingResult a, TrainingResult b)
    {
        var layers = NetworkLayers.From(TestArchitectures.Tiny());
        using var first = ModelFiles.Load(layers, a.WeightsPath);
        using var second = ModelFiles.Load(layers, b.WeightsPath);
        using var scope = NewDisposeScope();
        return first.parameters().Zip(second.parameters()).Max(p => (p.First - p.Second).abs().max().item<float>());
    }
}
