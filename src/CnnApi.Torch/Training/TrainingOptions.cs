using CnnApi.Torch.Training.Callbacks;

namespace CnnApi.Torch.Training;

/// <summary>
/// A training run's settings, defaults as Keras's <c>fit</c> and optimisers. The trainer assumes valid
/// options: the web host checks requests (<c>TrainingJobRequest.ValidateFields</c>, <c>JobPlanner</c>) first.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 32;

    /// <summary><c>adam</c> (β 0.9/0.999, ε 1e-7), <c>sgd</c> (<see cref="Momentum"/>, <see cref="Nesterov"/>), <c>rmsprop</c> (ρ 0.9, ε 1e-7): Keras's update rules, see <see cref="Optimizers.KerasOptimizer"/>.</summary>
    public string Optimizer { get; init; } = "adam";
    public double LearningRate { get; init; } = 0.001;

    /// <summary>SGD (and RMSprop) momentum; Keras's default is 0.</summary>
    public double Momentum { get; init; }

    /// <summary>Nesterov momentum for SGD, as Keras's <c>nesterov=True</c>.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Fraction held out from the END of the (limited) training set, as Keras does; 0 for none.</summary>
    public double ValidationSplit { get; init; }

    /// <summary>Use only the first N training images.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Evaluate on the first N test images only (quick jobs, tests); null for all 10,000.</summary>
    public int? TestLimit { get; init; }
    public int Seed { get; init; } = 42;

    /// <summary>Random shifts, rotations and zooms of each training batch (never validation or test images); null for none.</summary>
    public Augmentation? Augmentation { get; init; }

    /// <summary>A resolved device (<c>cpu</c>, <c>cuda:0</c>) from <see cref="Devices.DeviceSelector"/>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Keras's EarlyStopping callback; null for none.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Keras's ReduceLROnPlateau callback; null for none.</summary>
    public ReduceLrOnPlateau? ReduceLrOnPlateau { get; init; }

    /// <summary>The learning rate of each epoch; null for <see cref="LearningRate"/> throughout (unless ReduceLROnPlateau lowers it).</summary>
    public LearningRateSchedule? LearningRateSchedule { get; init; }

    /// <summary>
    /// Weights to start from instead of a random initialisation (continued training: a file <see cref="Networks.ModelFiles"/>
    /// wrote for the same architecture); the optimiser starts fresh, as after a new Keras <c>compile</c>. A resume ignores it.
    /// </summary>
    public string? InitialWeightsPath { get; init; }
}

/// <summary>
/// One epoch's results, as Keras's history plus timing. Validation values are null without a split (they are measured
/// after the epoch, in inference mode, on the held-out images). <c>learningRate</c> is the rate the optimiser
/// used in this epoch (null in histories recorded before it was kept).
/// </summary>
public sealed record EpochResult(int Epoch, double Loss, double Accuracy, double? ValLoss, double? ValAccuracy,
    double Seconds, double ImagesPerSecond, double? LearningRate = null);

/// <summary>Where a run is: batch <see cref="Batch"/> of <see cref="BatchesPerEpoch"/> in epoch <see cref="Epoch"/>.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int BatchesPerEpoch)
{
    public double Fraction => ((Epoch - 1) * (double)BatchesPerEpoch + Batch) / ((double)Epochs * BatchesPerEpoch);
}

/// <summary>
/// A finished run: the history (including epochs before a resume), the test-set results of the saved weights, the saved
/// weights, and why training stopped (<c>completed all 5 epochs</c>, <c>early stopping: val_loss did not improve for 2 epochs</c>).
/// </summary>
public sealed record TrainingResult(IReadOnlyList<EpochResult> History, double TestLoss, double TestAccuracy,
    string WeightsPath, string WeightsSha256, string StopReason = "");
