using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Torch.Tests.Training;

public sealed class TrainingValidationTests
{
    private sealed record FakeCudaProbe(bool IsAvailable, int DeviceCount) : ICudaProbe;

    private static readonly IReadOnlyList<NetworkLayer> SeedValid = NetworkLayers.From(TestArchitectures.Seed(Padding.Valid));

    [Fact]
    public void Validate_DefaultsOnSeedValidWithNoGpuFakeProbe_NoErrors() =>
        Assert.Empty(TrainingValidation.Validate(SeedValid, new TrainingOptions { Device = "auto" }, new FakeCudaProbe(false, 0)));

    [Fact]
    public void Validate_BadValuesWithNoGpuFakeProbe_OneErrorPerField()
    {
        var options = new TrainingOptions
        {
            Epochs = 0, BatchSize = -1, Optimizer = "adagrad", LearningRate = 0, ValidationSplit = 1, TrainLimit = 70_000, Device = "cuda",
        };

        var paths = TrainingValidation.Validate(SeedValid, options, new FakeCudaProbe(false, 0)).Select(e => e.Path);

        Assert.Equal(["epochs", "batchSize", "optimizer", "learningRate", "validationSplit", "trainLimit", "device", "validationSplit"], paths);
    }

    [Fact]
    public void Validate_ArchitectureEndingInFiveUnits_ErrorOnLayers()
    {
        var architecture = new Architecture("five", [28, 28, 1], [new Flatten(), new Dense(5, ActivationKind.Softmax, true)]);

        var error = Assert.Single(TrainingValidation.Validate(NetworkLayers.From(architecture), new TrainingOptions(), new FakeCudaProbe(false, 0)));

        Assert.Equal("architecture.layers", error.Path);
        Assert.Contains("[5]", error.Message);
    }
}
