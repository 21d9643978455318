namespace CnnApi.Torch.Training;

/// <summary>
/// <see cref="Trainer.Run"/> stopped because its suspend token fired (graceful shutdown), after writing a
/// checkpoint to <see cref="CheckpointPath"/> that resumes exactly where it stopped. Derives from
/// <see cref="OperationCanceledException"/>, so catch it before a user-cancel handler to tell the two apart.
/// </summary>
public sealed class TrainingSuspendedException(string checkpointPath, int epoch, int nextBatch, CancellationToken token)
    : OperationCanceledException($"training suspended in epoch {epoch} before batch {nextBatch}; checkpoint at {checkpointPath}", token)
{
    public string CheckpointPath { get; } = checkpointPath;

    /// <summary>The epoch a resume continues (1-based; one past the last epoch when only the test evaluation was left).</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The batch (0-based) a resume starts with inside <see cref="Epoch"/>.</summary>
    public int NextBatch { get; } = nextBatch;
}
