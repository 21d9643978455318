using CnnApi.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training;

/// <summary>
/// The state after an epoch: epoch number, seed, history, weights (with BatchNorm statistics) and optimiser
/// state. Shuffling and dropout are re-seeded from (seed, epoch) at each epoch start, so the epoch number
/// is all the random state a resume needs. Written atomically: a crash leaves the previous checkpoint.
/// </summary>
internal static class Checkpoint
{
    private const string Magic = "CnnApi.Torch checkpoint v1";

    public static void Save(string path, nn.Module model, optim.Optimizer optimizer, int epoch, int seed, IReadOnlyList<EpochResult> history)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(epoch);
            writer.Write(seed);
            writer.Write(history.Count);
            foreach (var h in history)
            {
                writer.Write(h.Epoch); writer.Write(h.Loss); writer.Write(h.Accuracy);
                writer.Write(h.ValLoss ?? double.NaN); writer.Write(h.ValAccuracy ?? double.NaN);
                writer.Write(h.Seconds); writer.Write(h.ImagesPerSecond);
            }
            model.save(writer);
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        });
    }

    /// <summary>Loads into an already built model and optimiser; returns the completed epoch and the history.</summary>
    public static (int Epoch, List<EpochResult> History) Load(string path, nn.Module model, optim.Optimizer optimizer, int seed)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadString() != Magic) throw new InvalidDataException($"{path} is not a CnnApi checkpoint");
        int epoch = reader.ReadInt32();
        int savedSeed = reader.ReadInt32();
        if (savedSeed != seed) throw new InvalidDataException($"{path} was written with seed {savedSeed}, not {seed}");
        int count = reader.ReadInt32();
        var history = new List<EpochResult>(count);
        for (int i = 0; i < count; i++)
        {
            int e = reader.ReadInt32();
            double loss = reader.ReadDouble(), accuracy = reader.ReadDouble(), valLoss = reader.ReadDouble(), valAccuracy = reader.ReadDouble();
            history.Add(new EpochResult(e, loss, accuracy, double.IsNaN(valLoss) ? null : valLoss,
                double.IsNaN(valAccuracy) ? null : valAccuracy, reader.ReadDouble(), reader.ReadDouble()));
        }
        model.load(reader, strict: true);
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        return (epoch, history);
    }
}
