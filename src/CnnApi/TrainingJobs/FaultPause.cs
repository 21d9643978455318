using CnnApi.Torch.Networks;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Tests only: <c>Faults:PauseAt</c> (<c>checkpoint-write</c> or <c>weights-write</c>, see <see cref="FileSteps"/>) makes
/// the first write of that step stop with its bytes in the temp file, write the temp file's path to
/// <c>Faults:SignalFile</c> and wait for ever, so that a fault test can SIGKILL the process exactly there
/// (<c>ProcessFaultTests</c>). Unset (always, outside tests): nothing is armed.
/// </summary>
public static class FaultPause
{
    public static void Arm(IConfiguration configuration, ILogger logger)
    {
        if (configuration["Faults:PauseAt"] is not { Length: > 0 } step) return;
        var signal = configuration["Faults:SignalFile"]
            ?? throw new InvalidOperationException("Faults:PauseAt needs Faults:SignalFile (where to say that the step is reached)");
        logger.LogWarning("Fault test point armed: the process pauses at its first {Step}", step);
        var reached = 0;
        FileSteps.Reached = (name, temp) =>
        {
            if (name != step || Interlocked.Exchange(ref reached, 1) == 1) return;
            File.WriteAllText(signal, temp);
            Thread.Sleep(Timeout.Infinite);
        };
    }
}
