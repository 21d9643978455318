using static TorchSharp.torch;

namespace CnnApi.Torch.Training.Callbacks;

/// <summary>
/// <see cref="EarlyStopping"/> at work, line for line Keras 3's <c>on_epoch_end</c> (Keras counts epochs from 0; here
/// from 1, so "the first epoch never stops" is <c>epoch &gt; 1</c>). The best weights are copies of the model's
/// state (parameters and BatchNorm statistics, as Keras's <c>get_weights</c>), kept on the training device: one copy,
/// overwritten in place by each new best (what the training memory estimate counts as <c>bestWeightsBytes</c>).
/// </summary>
internal sealed class EarlyStoppingState(EarlyStopping settings) : IDisposable
{
    private readonly bool _higher = Monitors.HigherIsBetter(settings.Monitor, settings.Mode);

    public int Wait { get; private set; }
    public double? Best { get; private set; }
    public int BestEpoch { get; private set; }
    public BestWeights? Weights { get; private set; }

    /// <summary>Records <paramref name="epoch"/>'s results; true when training should stop.</summary>
    public bool EpochEnded(EpochResult epoch, nn.Module model)
    {
        var current = Monitors.Value(settings.Monitor, epoch);
        if (current is not { } value || epoch.Epoch - 1 < settings.StartFromEpoch) return false;
        if (settings.RestoreBestWeights && Weights is null)
        {
            // As Keras: if no epoch ever improves, the first monitored epoch's weights count as the best.
            Weights = BestWeights.Of(model);
            BestEpoch = epoch.Epoch;
        }
        Wait++;
        if (IsImprovement(value, Best))
        {
            Best = value;
            BestEpoch = epoch.Epoch;
            if (settings.RestoreBestWeights) Weights!.CopyFrom(model);
            // Only an improvement that also beats the baseline restarts the count.
            if (settings.Baseline is null || IsImprovement(value, settings.Baseline)) Wait = 0;
            return false;
        }
        return Wait >= settings.Patience && epoch.Epoch > 1;
    }

    private bool IsImprovement(double value, double? reference) => reference is not { } r
        || (_higher ? value - Math.Abs(settings.MinDelta) > r : value + Math.Abs(settings.MinDelta) < r);

    private void Replace(BestWeights weights)
    {
        Weights?.Dispose();
        Weights = weights;
    }

    /// <summary>Why training stopped, in words: "val_loss did not improve for 2 epochs".</summary>
    public string Describe() =>
        $"early stopping: {settings.Monitor} did not improve for {Wait} epoch{(Wait == 1 ? "" : "s")}";

    public void Save(BinaryWriter writer)
    {
        writer.Write(Wait);
        writer.Write(Best ?? double.NaN);
        writer.Write(BestEpoch);
        writer.Write(Weights is not null);
        Weights?.Save(writer);
    }

    public void Load(BinaryReader reader, nn.Module model)
    {
        Wait = reader.ReadInt32();
        var best = reader.ReadDouble();
        Best = double.IsNaN(best) ? null : best;
        BestEpoch = reader.ReadInt32();
        if (reader.ReadBoolean()) Replace(BestWeights.Load(reader, model));
    }

    public void Dispose() => Weights?.Dispose();
}
