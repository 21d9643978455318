namespace CnnApi.Torch.Networks;

/// <summary>
/// The named steps of the trainer's file writes, where a fault test can stop the process: <see cref="Reached"/> is
/// called with the step and the temp file's path once the bytes are written, before they are flushed and renamed into
/// place. Null (nothing happens) unless the host arms it (<c>Faults:PauseAt</c>, tests only).
/// </summary>
public static class FileSteps
{
    /// <summary>A checkpoint (after an epoch, or when suspended).</summary>
    public const string CheckpointWrite = "checkpoint-write";

    /// <summary>The final weights of a model (<see cref="ModelFiles.Save"/>).</summary>
    public const string WeightsWrite = "weights-write";

    public static Action<string, string>? Reached { get; set; }
}
