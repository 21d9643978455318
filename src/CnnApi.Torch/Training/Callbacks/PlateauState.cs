namespace CnnApi.Torch.Training.Callbacks;

/// <summary><see cref="ReduceLrOnPlateau"/> at work, line for line Keras 3's <c>on_epoch_end</c>.</summary>
internal sealed class PlateauState(ReduceLrOnPlateau settings)
{
    private readonly bool _higher = Monitors.HigherIsBetter(settings.Monitor, settings.Mode);

    public int Wait { get; private set; }
    public int CooldownCounter { get; private set; }
    public double Best { get; private set; } = Monitors.HigherIsBetter(settings.Monitor, settings.Mode) ? double.NegativeInfinity : double.PositiveInfinity;

    /// <summary>Records an epoch's results; returns the rate for the next epoch (<paramref name="rate"/> or a reduced one).</summary>
    public double EpochEnded(EpochResult epoch, double rate)
    {
        if (Monitors.Value(settings.Monitor, epoch) is not { } current) return rate;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            Wait = 0;
        }
        if (_higher ? current > Best + settings.MinDelta : current < Best - settings.MinDelta)
        {
            Best = current;
            Wait = 0;
        }
        else if (CooldownCounter == 0 && ++Wait >= settings.Patience && rate > settings.MinLr)
        {
            CooldownCounter = settings.Cooldown;
            Wait = 0;
            return Math.Max(rate * settings.Factor, settings.MinLr);
        }
        return rate;
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Wait);
        writer.Write(CooldownCounter);
        writer.Write(Best);
    }

    public void Load(BinaryReader reader)
    {
        Wait = reader.ReadInt32();
        CooldownCounter = reader.ReadInt32();
        Best = reader.ReadDouble();
    }
}
