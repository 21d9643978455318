using System.Globalization;

namespace CnnApi.Torch.Devices;

/// <summary>The device a job runs on (<c>cpu</c>, <c>cuda:0</c>, …) or why the request cannot be met.</summary>
public sealed record DeviceChoice(string? Device, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// Chooses a device from the request (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>; case-insensitive)
/// and what the probe reports. Unmeetable requests give an error, never an exception.
/// </summary>
public static class DeviceSelector
{
    public static DeviceChoice Choose(string? requested, ICudaProbe probe)
    {
        var value = (requested ?? "auto").Trim().ToLowerInvariant();
        int count = probe.IsAvailable ? probe.DeviceCount : 0;
        switch (value)
        {
            case "auto": return new(count > 0 ? "cuda:0" : "cpu", null);
            case "cpu": return new("cpu", null);
            case "cuda": return count > 0 ? new("cuda:0", null) : new(null, "CUDA is not available on this server");
        }
        if (value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (count == 0) return new(null, "CUDA is not available on this server");
            return index < count
                ? new($"cuda:{index}", null)
                : new(null, $"cuda:{index} does not exist: this server has {count} CUDA device(s) (cuda:0 to cuda:{count - 1})");
        }
        return new(null, $"'{requested}' is not a device: use auto, cpu, cuda or cuda:N");
    }
}
