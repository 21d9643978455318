using CnnApi.Torch.Networks;
using CnnApi.Torch.Training.Callbacks;
using CnnApi.Torch.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training;

/// <summary>
/// The state after an epoch, or inside one when suspended: completed epochs, seed, batches per epoch,
/// history, the position inside the next epoch (if any), weights (with BatchNorm statistics) and optimiser
/// state. Shuffling and dropout are re-seeded from (seed, epoch) at each epoch start, so at an epoch
/// boundary the epoch number is all the random state a resume needs; inside an epoch the position carries
/// the generator state. Written atomically: a crash leaves the previous checkpoint. v3 holds CnnApi's own
/// optimiser state (<see cref="KerasOptimizer.Save"/>); v1 and v2 files, with TorchSharp's, are still read.
/// v4 adds each history entry's learning rate and, after the optimiser, the callbacks' state
/// (<see cref="TrainingCallbacks.Save"/>); a v1–v3 file (written before callbacks existed) resumes with the job's
/// constant rate and fresh callbacks.
/// </summary>
internal static class Checkpoint
{
    private const string MagicV1 = "CnnApi.Torch checkpoint v1";
    private const string MagicV2 = "CnnApi.Torch checkpoint v2";
    private const string MagicV3 = "CnnApi.Torch checkpoint v3";
    private const string Magic = "CnnApi.Torch checkpoint v4";

    public static void Save(string path, nn.Module model, KerasOptimizer optimizer, TrainingCallbacks callbacks, int seed, int batches,
        int completedEpochs, IReadOnlyList<EpochResult> history, EpochPosition? position = null)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(completedEpochs);
            writer.Write(seed);
            writer.Write(batches);
            writer.Write(history.Count);
            foreach (var h in history)
            {
                writer.Write(h.Epoch); writer.Write(h.Loss); writer.Write(h.Accuracy);
                writer.Write(h.ValLoss ?? double.NaN); writer.Write(h.ValAccuracy ?? double.NaN);
                writer.Write(h.Seconds); writer.Write(h.ImagesPerSecond); writer.Write(h.LearningRate ?? double.NaN);
            }
            writer.Write(position is not null);
            if (position is not null)
            {
                writer.Write(position.NextBatch); writer.Write(position.LossSum); writer.Write(position.Correct);
                writer.Write(position.Seconds); writer.Write(position.RngState.Length); writer.Write(position.RngState);
            }
            model.save(writer);
            optimizer.Save(writer);
            callbacks.Save(writer);
        }, FileSteps.CheckpointWrite);
    }

    /// <summary>
    /// Loads into an already built model and optimiser. A checkpoint of another seed, or (v2, v3) of another
    /// number of batches per epoch, is refused: its position would mean something else.
    /// </summary>
    public static CheckpointState Load(string path, nn.Module model, KerasOptimizer optimizer, TrainingCallbacks callbacks,
        TrainingOptions options, int batches)
    {
        int seed = options.Seed;
        using var reader = new BinaryReader(File.OpenRead(path));
        var magic = reader.ReadString();
        if (magic != Magic && magic != MagicV3 && magic != MagicV2 && magic != MagicV1) throw new InvalidDataException($"{path} is not a CnnApi checkpoint");
        int epoch = reader.ReadInt32();
        int savedSeed = reader.ReadInt32();
        if (savedSeed != seed) throw new InvalidDataException($"{path} was written with seed {savedSeed}, not {seed}");
        if (magic != MagicV1 && reader.ReadInt32() is var savedBatches && savedBatches != batches)
            throw new InvalidDataException($"{path} was written with {savedBatches} batches per epoch, not {batches}");
        int count = reader.ReadInt32();
        var history = new List<EpochResult>(count);
        for (int i = 0; i < count; i++)
        {
            int e = reader.ReadInt32();
            double loss = reader.ReadDouble(), accuracy = reader.ReadDouble(), valLoss = reader.ReadDouble(), valAccuracy = reader.ReadDouble();
            double seconds = reader.ReadDouble(), imagesPerSecond = reader.ReadDouble();
            // Before v4 no callback could change the rate: every epoch ran at the job's.
            double rate = magic == Magic ? reader.ReadDouble() : options.LearningRate;
            history.Add(new EpochResult(e, loss, accuracy, double.IsNaN(valLoss) ? null : valLoss,
                double.IsNaN(valAccuracy) ? null : valAccuracy, seconds, imagesPerSecond, double.IsNaN(rate) ? null : rate));
        }
        EpochPosition? position = null;
        if (magic != MagicV1 && reader.ReadBoolean())
        {
            int next = reader.ReadInt32();
            double lossSum = reader.ReadDouble();
            long correct = reader.ReadInt64();
            double seconds = reader.ReadDouble();
            position = new EpochPosition(next, lossSum, correct, seconds, reader.ReadBytes(reader.ReadInt32()));
        }
        // No dispose scope here: on a GPU, load moves the weights and keeps the new tensors.
        model.load(reader, strict: true);
        if (magic == Magic || magic == MagicV3) optimizer.Load(reader);
        else TorchSharpOptimizerState.Read(reader, optimizer, model.parameters(), options,
            (long)epoch * batches + (position?.NextBatch ?? 0));
        if (magic == Magic) callbacks.Load(reader, model);
        return new CheckpointState(epoch, history, position);
    }
}
