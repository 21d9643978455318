using static TorchSharp.torch;

namespace CnnApi.Torch.Training.Callbacks;

/// <summary>
/// A run's callbacks and their state: the learning rate in effect (from the schedule, or as ReduceLROnPlateau left
/// it), early stopping's count, best value and best weights, the plateau's count, and why training stopped. All of
/// it goes into checkpoints (<see cref="Save"/>), so a resumed run makes the same decisions as one never stopped.
/// </summary>
internal sealed class TrainingCallbacks(TrainingOptions options) : IDisposable
{
    private readonly EarlyStoppingState? _early = options.EarlyStopping is { } e ? new(e) : null;
    private readonly PlateauState? _plateau = options.ReduceLrOnPlateau is { } p ? new(p) : null;

    /// <summary>The rate of the epoch running now (or the next one).</summary>
    public double LearningRate { get; private set; } = options.LearningRate;

    /// <summary>Set once early stopping decided to stop (then no further epoch runs).</summary>
    public string? EarlyStopReason { get; private set; }

    /// <summary>The rate for <paramref name="epoch"/> (1-based): the schedule's, else the current one.</summary>
    public double RateFor(int epoch)
    {
        if (options.LearningRateSchedule is { } schedule) LearningRate = schedule.RateAt(epoch, options.LearningRate, options.Epochs);
        return LearningRate;
    }

    /// <summary>Runs the callbacks after an epoch (as Keras: plateau, then early stopping); true when training should stop.</summary>
    public bool EpochEnded(EpochResult epoch, nn.Module model)
    {
        if (_plateau is not null) LearningRate = _plateau.EpochEnded(epoch, LearningRate);
        if (_early?.EpochEnded(epoch, model) == true) EarlyStopReason = _early.Describe();
        return EarlyStopReason is not null;
    }

    /// <summary>
    /// Ends training: with <c>restoreBestWeights</c>, puts the best epoch's weights back into <paramref name="model"/>.
    /// Returns why training stopped ("completed all 5 epochs", "early stopping: …"), with the epoch restored.
    /// </summary>
    public string TrainEnded(nn.Module model)
    {
        var reason = EarlyStopReason ?? $"completed all {options.Epochs} epoch{(options.Epochs == 1 ? "" : "s")}";
        if (_early?.Weights is { } best)
        {
            best.CopyTo(model);
            reason += $"; restored the weights of epoch {_early.BestEpoch}" + (_early.Best is { } b
                ? $" ({options.EarlyStopping!.Monitor} {b:G4})" : "");
        }
        return reason;
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(LearningRate);
        writer.Write(EarlyStopReason ?? "");
        writer.Write(_early is not null);
        _early?.Save(writer);
        writer.Write(_plateau is not null);
        _plateau?.Save(writer);
    }

    /// <summary>Reads what <see cref="Save"/> wrote, for the same callbacks (else <see cref="InvalidDataException"/>).</summary>
    public void Load(BinaryReader reader, nn.Module model)
    {
        LearningRate = reader.ReadDouble();
        var reason = reader.ReadString();
        EarlyStopReason = reason.Length == 0 ? null : reason;
        if (reader.ReadBoolean() != (_early is not null)) throw new InvalidDataException("the checkpoint's early stopping does not match the job's");
        _early?.Load(reader, model);
        if (reader.ReadBoolean() != (_plateau is not null)) throw new InvalidDataException("the checkpoint's ReduceLROnPlateau does not match the job's");
        _plateau?.Load(reader);
    }

    public void Dispose() => _early?.Dispose();
}
