using System.Text.Json.Serialization;
using CnnApi.Torch.Training;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Random changes to each training batch, drawn per image and reproducible from the job's seed (validation and
/// test images are never changed). Each field is a maximum, 0 (or absent) for none.
/// </summary>
/// <param name="Shift">Pixels, 0–14: each image moves by up to this much horizontally and, independently, vertically.</param>
/// <param name="Rotation">Degrees, 0–180: each image turns by up to this much either way.</param>
/// <param name="Zoom">A fraction, 0–0.5: each image is scaled by a factor between 1 − zoom and 1 + zoom.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrainingAugmentation(double? Shift = null, double? Rotation = null, double? Zoom = null)
{
    public const double MaxShift = 14, MaxRotation = 180, MaxZoom = 0.5;

    /// <summary>The rules, with paths under <paramref name="prefix"/> (<c>augmentation.shift</c>).</summary>
    public IEnumerable<(string Path, string Message)> Validate(string prefix)
    {
        if (Shift is { } s && (!double.IsFinite(s) || s < 0 || s > MaxShift))
            yield return ($"{prefix}.shift", $"Must be between 0 and {MaxShift} pixels (half the image).");
        if (Rotation is { } r && (!double.IsFinite(r) || r < 0 || r > MaxRotation))
            yield return ($"{prefix}.rotation", $"Must be between 0 and {MaxRotation} degrees.");
        if (Zoom is { } z && (!double.IsFinite(z) || z < 0 || z > MaxZoom))
            yield return ($"{prefix}.zoom", $"Must be between 0 and {MaxZoom} (a fraction of the size).");
    }

    /// <summary>Every field filled in (0 when absent), as the job records it.</summary>
    public TrainingAugmentation WithDefaults() => new(Shift ?? 0, Rotation ?? 0, Zoom ?? 0);

    /// <summary>What the trainer applies.</summary>
    public Augmentation ToTorch() => new(Shift ?? 0, Rotation ?? 0, Zoom ?? 0);
}
