using CnnApi.Torch.Devices;
using CnnApi.Torch.Networks;

namespace CnnApi.Torch.Training;

/// <summary>Checks a run against MNIST and the trainer's limits; returns errors instead of throwing.</summary>
public static class TrainingValidation
{
    public static readonly string[] Optimizers = ["adam", "sgd", "rmsprop"];

    /// <summary>
    /// Errors for <paramref name="options"/> (the device as the client asked for it, checked through
    /// <paramref name="probe"/>) and for a network of <paramref name="layers"/> on MNIST.
    /// </summary>
    public static IReadOnlyList<TrainingError> Validate(IReadOnlyList<NetworkLayer> layers, TrainingOptions options, ICudaProbe probe)
    {
        var errors = new List<TrainingError>();
        void Check(bool ok, string path, string message) { if (!ok) errors.Add(new(path, message)); }

        Check(options.Epochs is >= 1 and <= 1000, "epochs", "must be between 1 and 1000");
        Check(options.BatchSize is >= 1 and <= 8192, "batchSize", "must be between 1 and 8192");
        Check(Optimizers.Contains(options.Optimizer.ToLowerInvariant()), "optimizer", "must be adam, sgd or rmsprop");
        Check(options.LearningRate is > 0 and <= 10 && double.IsFinite(options.LearningRate), "learningRate", "must be above 0 and at most 10");
        Check(options.Momentum is >= 0 and < 1, "momentum", "must be at least 0 and below 1");
        Check(options.ValidationSplit is >= 0 and < 1, "validationSplit", "must be at least 0 and below 1");
        Check(options.TrainLimit is null or (>= 1 and <= 60_000), "trainLimit", "must be between 1 and 60000");
        Check(options.TestLimit is null or (>= 1 and <= 10_000), "testLimit", "must be between 1 and 10000");
        var device = DeviceSelector.Choose(options.Device, probe);
        Check(device.IsValid, "device", device.Error ?? "");

        int images = options.TrainLimit ?? 60_000;
        int trainCount = (int)Math.Floor(images * (1 - options.ValidationSplit));
        Check(trainCount >= 1, "validationSplit", "leaves no training images");

        if (layers.Count == 0)
        {
            errors.Add(new("architecture.layers", "must not be empty"));
            return errors;
        }
        Check(layers[0].InputShape.SequenceEqual([28L, 28, 1]), "architecture.inputShape", "must be [28, 28, 1] for MNIST");
        var output = layers[^1].OutputShape
            ?? throw new ArgumentException("layers need their output shapes: build them with NetworkLayers.From", nameof(layers));
        Check(output.SequenceEqual([10L]), "architecture.layers",
            $"the last layer must output 10 values (one per digit), not [{string.Join(", ", output)}]");
        return errors;
    }
}
