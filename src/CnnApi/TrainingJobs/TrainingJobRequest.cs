using System.Text.Json;
using System.Text.Json.Serialization;
using CnnApi.Torch.Training.Callbacks;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Starts a training job. Exactly one of <see cref="Preset"/> and <see cref="Architecture"/>, or neither with
/// <see cref="InitialModelId"/> (the model's architecture is trained then).
/// Unset fields take Keras's defaults (<c>fit()</c>: batch 32, 1 epoch; Adam at 0.001).
/// </summary>
/// <param name="Preset">A preset name from <c>GET /api/v1/architectures/presets</c>, e.g. <c>seed-valid</c>.</param>
/// <param name="Architecture">An architecture spec or a Keras <c>model.to_json()</c> document.</param>
/// <param name="Dataset">Only <c>mnist</c>.</param>
/// <param name="Epochs">1–1000.</param>
/// <param name="BatchSize">1–4096.</param>
/// <param name="Optimizer"><c>adam</c>, <c>sgd</c> (momentum 0.9) or <c>rmsprop</c>.</param>
/// <param name="LearningRate">Greater than 0, at most 10.</param>
/// <param name="ValidationSplit">0–0.5, held out from the end of the training set as Keras does.</param>
/// <param name="TrainLimit">Train on the first N training images only (at least the batch size).</param>
/// <param name="TestLimit">Evaluate on the first N of the 10,000 test images only (quick jobs); all when absent.</param>
/// <param name="Seed">Seeds initialisation and shuffling (a 32-bit integer); a random one is chosen and recorded when absent.</param>
/// <param name="Device"><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
/// <param name="EarlyStopping">Keras's EarlyStopping callback, checked after each epoch; absent for none.</param>
/// <param name="ReduceLrOnPlateau">Keras's ReduceLROnPlateau callback; absent for none. Not with <c>learningRateSchedule</c>.</param>
/// <param name="LearningRateSchedule">The learning rate of each epoch (<c>step</c> or <c>cosine</c>), from <c>learningRate</c>; absent for a constant rate.</param>
/// <param name="InitialModelId">Continue training: start from this model's weights (its architecture; <c>preset</c> or <c>architecture</c>, if given, must be the same). The new model records it as <c>parentModelId</c>.</param>
/// <param name="Augmentation">Random shifts (pixels), rotations (degrees) and zooms (fraction) of each training batch; none when absent.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrainingJobRequest(
    string? Preset = null,
    JsonElement? Architecture = null,
    string? Dataset = "mnist",
    int? Epochs = null,
    int? BatchSize = null,
    string? Optimizer = null,
    double? LearningRate = null,
    double? ValidationSplit = null,
    int? TrainLimit = null,
    int? TestLimit = null,
    int? Seed = null,
    string? Device = null,
    EarlyStopping? EarlyStopping = null,
    ReduceLrOnPlateau? ReduceLrOnPlateau = null,
    LearningRateSchedule? LearningRateSchedule = null,
    Guid? InitialModelId = null,
    TrainingAugmentation? Augmentation = null)
{
    public const int DefaultEpochs = 1;
    public const int DefaultBatchSize = 32;
    public const double DefaultLearningRate = 0.001;
    public static readonly string[] Optimizers = ["adam", "sgd", "rmsprop"];

    /// <summary>The request with every default filled in (what the job records and the worker runs).</summary>
    public TrainingJobRequest WithDefaults(int seed) => this with
    {
        Dataset = (Dataset ?? "mnist").ToLowerInvariant(),
        Epochs = Epochs ?? DefaultEpochs,
        BatchSize = BatchSize ?? DefaultBatchSize,
        Optimizer = (Optimizer ?? "adam").ToLowerInvariant(),
        LearningRate = LearningRate ?? DefaultLearningRate,
        ValidationSplit = ValidationSplit ?? 0.0,
        Seed = Seed ?? seed,
        Device = (Device ?? "auto").ToLowerInvariant(),
        Augmentation = Augmentation?.WithDefaults(),
    };

    /// <summary>Checks the rules that need no architecture or device knowledge; paths are the JSON names.</summary>
    public IEnumerable<(string Path, string Message)> ValidateFields()
    {
        var hasPreset = !string.IsNullOrWhiteSpace(Preset);
        var hasArchitecture = Architecture is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };
        if (hasPreset && hasArchitecture || (!hasPreset && !hasArchitecture && InitialModelId is null))
            yield return ("preset", "Give exactly one of 'preset' and 'architecture' (or neither, with 'initialModelId').");
        if (Dataset is not null && !Dataset.Equals("mnist", StringComparison.OrdinalIgnoreCase))
            yield return ("dataset", $"Unknown dataset '{Dataset}': only 'mnist' is available.");
        if (Epochs is < 1 or > 1000) yield return ("epochs", "Must be between 1 and 1000.");
        if (BatchSize is < 1 or > 4096) yield return ("batchSize", "Must be between 1 and 4096.");
        if (Optimizer is not null && !Optimizers.Contains(Optimizer.ToLowerInvariant()))
            yield return ("optimizer", $"Unknown optimizer '{Optimizer}': use one of {string.Join(", ", Optimizers)}.");
        if (LearningRate is { } lr && (!double.IsFinite(lr) || lr <= 0 || lr > 10))
            yield return ("learningRate", "Must be greater than 0 and at most 10.");
        if (ValidationSplit is { } vs && (!double.IsFinite(vs) || vs < 0 || vs > 0.5))
            yield return ("validationSplit", "Must be between 0 and 0.5.");
        if (TrainLimit is { } limit && limit < (BatchSize ?? DefaultBatchSize))
            yield return ("trainLimit", $"Must be at least the batch size ({BatchSize ?? DefaultBatchSize}).");
        if (TrainLimit is > 60000) yield return ("trainLimit", "MNIST has 60,000 training images.");
        if (TestLimit is < 1 or > 10000) yield return ("testLimit", "Must be between 1 and 10,000 (MNIST's test images).");
        foreach (var error in CallbackRules.Validate(this)) yield return error;
        foreach (var error in Augmentation?.Validate("augmentation") ?? []) yield return error;
    }
}
