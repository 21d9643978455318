using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Torch.Tests.Stress;

/// <summary>
/// Issue 16: training under constant garbage collection (as beside a loaded web API) completes and is bit for bit
/// the undisturbed run. Before CnnApi's own optimizers, TorchSharp's Adam left its temporary Scalars to the
/// finalizer and this failed with "toDouble"/"Unknown scalar type" from libtorch.
/// </summary>
public sealed class TrainerGcStressTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gc-stress-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_SeedValidUnderGcChurn_SameHistoryAndWeightsAsUndisturbed() =>
        AssertUndisturbed(TestArchitectures.Seed(Padding.Valid), new TrainingOptions
        {
            Epochs = 1, BatchSize = 16, TrainLimit = 400, ValidationSplit = 0.2, TestLimit = 200, Seed = 3,
        });

    /// <summary>The other optimisers, and BatchNorm and dropout (random masks), on the small network.</summary>
    [Theory]
    [InlineData("rmsprop")]
    [InlineData("sgd")]
    public void Run_TinyUnderGcChurn_SameHistoryAndWeightsAsUndisturbed(string optimizer) =>
        AssertUndisturbed(TestArchitectures.Tiny(), new TrainingOptions
        {
            Epochs = 2, BatchSize = 16, TrainLimit = 400, ValidationSplit = 0.2, TestLimit = 200, Seed = 3,
            Optimizer = optimizer, Momentum = optimizer == "sgd" ? 0.9 : 0,
        });

    /// <summary>The layers added after issue 16 whose ops take numbers, and batch augmentation.</summary>
    [Fact]
    public void Run_NumericArgumentLayersUnderGcChurn_SameHistoryAndWeightsAsUndisturbed() =>
        AssertUndisturbed(TestArchitectures.NumericArguments(), new TrainingOptions
        {
            Epochs = 2, BatchSize = 16, TrainLimit = 400, ValidationSplit = 0.2, TestLimit = 200, Seed = 3,
            Augmentation = new Augmentation(Shift: 2, Rotation: 10, Zoom: 0.1),
        });

    private void AssertUndisturbed(Architecture architecture, TrainingOptions options)
    {
        var quiet = Train(architecture, options, "quiet.bin");
        TrainingResult churned;
        long collections;
        using (var churn = new GcChurn())
        {
            churned = Train(architecture, options, "churned.bin");
            collections = churn.Collections;
        }

        Assert.True(collections > 10, $"only {collections} forced collections ran beside training");
        Assert.Equal(Metrics(quiet), Metrics(churned));
        Assert.Equal(quiet.WeightsSha256, churned.WeightsSha256);
    }

    private TrainingResult Train(Architecture architecture, TrainingOptions options, string file) =>
        new Trainer(NetworkLayers.From(architecture), MnistTestData.Dataset, options)
            .Run(Path.Combine(_dir, file));

    private static double[] Metrics(TrainingResult r) =>
        [.. r.History.SelectMany(h => new[] { h.Loss, h.Accuracy, h.ValLoss!.Value, h.ValAccuracy!.Value }), r.TestLoss, r.TestAccuracy];
}
