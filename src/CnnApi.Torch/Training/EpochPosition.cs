namespace CnnApi.Torch.Training;

/// <summary>
/// Where a suspended epoch stopped: the next batch to run, the running sums of the batches done, the
/// seconds spent so far, and the state of the job's own generator (dropout masks) at that point.
/// </summary>
internal sealed record EpochPosition(int NextBatch, double LossSum, long Correct, double Seconds, byte[] RngState);

/// <summary>What a checkpoint holds besides weights and optimiser state.</summary>
internal sealed record CheckpointState(int CompletedEpochs, List<EpochResult> History, EpochPosition? Position);
