using CnnApi.Torch.Training.Callbacks;

namespace CnnApi.TrainingJobs;

/// <summary>The rules of a job request's callbacks (<c>earlyStopping</c>, <c>reduceLrOnPlateau</c>, <c>learningRateSchedule</c>), by JSON path.</summary>
public static class CallbackRules
{
    private const int MaxEpochs = 1000;

    public static IEnumerable<(string Path, string Message)> Validate(TrainingJobRequest request)
    {
        bool validation = request.ValidationSplit is > 0;
        if (request.EarlyStopping is { } e)
        {
            foreach (var error in Monitor("earlyStopping", e.Monitor, e.Mode, validation)) yield return error;
            if (e.Patience is < 0 or > MaxEpochs) yield return ("earlyStopping.patience", $"Must be between 0 and {MaxEpochs}.");
            if (e.MinDelta < 0) yield return ("earlyStopping.minDelta", "Must be 0 or more.");
            if (e.StartFromEpoch is < 0 or > MaxEpochs) yield return ("earlyStopping.startFromEpoch", $"Must be between 0 and {MaxEpochs}.");
        }
        if (request.ReduceLrOnPlateau is { } p)
        {
            foreach (var error in Monitor("reduceLrOnPlateau", p.Monitor, p.Mode, validation)) yield return error;
            if (p.Factor is <= 0 or >= 1) yield return ("reduceLrOnPlateau.factor", "Must be greater than 0 and less than 1 (Keras refuses a factor of 1 or more).");
            if (p.Patience is < 0 or > MaxEpochs) yield return ("reduceLrOnPlateau.patience", $"Must be between 0 and {MaxEpochs}.");
            if (p.MinDelta < 0) yield return ("reduceLrOnPlateau.minDelta", "Must be 0 or more.");
            if (p.Cooldown is < 0 or > MaxEpochs) yield return ("reduceLrOnPlateau.cooldown", $"Must be between 0 and {MaxEpochs}.");
            if (p.MinLr < 0) yield return ("reduceLrOnPlateau.minLr", "Must be 0 or more.");
            if (request.LearningRateSchedule is not null)
                yield return ("reduceLrOnPlateau", "Give either 'reduceLrOnPlateau' or 'learningRateSchedule', not both (Keras's ReduceLROnPlateau refuses an optimizer with a schedule).");
        }
        if (request.LearningRateSchedule is { } s)
            foreach (var error in Schedule(s)) yield return error;
    }

    private static IEnumerable<(string, string)> Monitor(string prefix, string monitor, string mode, bool validation)
    {
        if (!Monitors.All.Contains(monitor))
            yield return ($"{prefix}.monitor", $"Unknown monitor '{monitor}': use one of {string.Join(", ", Monitors.All)} (what each epoch's history records).");
        else if (monitor.StartsWith("val_", StringComparison.Ordinal) && !validation)
            yield return ($"{prefix}.monitor", $"'{monitor}' is measured on the validation images: set a 'validationSplit' above 0, or monitor '{monitor[4..]}'.");
        if (!Monitors.Modes.Contains(mode))
            yield return ($"{prefix}.mode", $"Unknown mode '{mode}': use one of {string.Join(", ", Monitors.Modes)}.");
    }

    private static IEnumerable<(string, string)> Schedule(LearningRateSchedule s)
    {
        const string prefix = "learningRateSchedule";
        if (s.Type == "step")
        {
            if (s.Every is null) yield return ($"{prefix}.every", "Required for a step schedule: the rate changes every this many epochs.");
            else if (s.Every is < 1 or > MaxEpochs) yield return ($"{prefix}.every", $"Must be between 1 and {MaxEpochs}.");
            if (s.Factor is null) yield return ($"{prefix}.factor", "Required for a step schedule: the rate is multiplied by it at each step.");
            else if (s.Factor is <= 0 or > 1) yield return ($"{prefix}.factor", "Must be greater than 0 and at most 1.");
            foreach (var (name, set) in new[] { ("decayEpochs", s.DecayEpochs is not null), ("alpha", s.Alpha is not null) })
                if (set) yield return ($"{prefix}.{name}", $"'{name}' belongs to the cosine schedule, not to step.");
        }
        else if (s.Type == "cosine")
        {
            if (s.DecayEpochs is < 1 or > MaxEpochs) yield return ($"{prefix}.decayEpochs", $"Must be between 1 and {MaxEpochs}.");
            if (s.Alpha is < 0 or > 1) yield return ($"{prefix}.alpha", "Must be between 0 and 1 (the final rate as a fraction of learningRate).");
            foreach (var (name, set) in new[] { ("every", s.Every is not null), ("factor", s.Factor is not null) })
                if (set) yield return ($"{prefix}.{name}", $"'{name}' belongs to the step schedule, not to cosine.");
        }
        else yield return ($"{prefix}.type", $"Unknown schedule '{s.Type}': use one of {string.Join(", ", LearningRateSchedule.Types)}.");
    }
}
