using System.Text.Json;

namespace CnnApi.Architectures.Spec;

/// <summary>The model-level fields both dialects share: the name and the input shape, with their limits.</summary>
internal static class ModelParts
{
    public static string? Name(JsonElement value, string path, List<SpecError> errors)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > SpecLimits.MaxNameLength || text.Any(char.IsControl))
        {
            errors.Add(new(path, $"name must be a non-blank string of at most {SpecLimits.MaxNameLength} characters without control characters"));
            return null;
        }
        return text;
    }

    /// <summary>
    /// [height, width, channels], or with <paramref name="hasBatch"/> Keras's [null, height, width, channels]
    /// ([channels, height, width] for channels_first). Each side 1…4096, channels (the first or last side) 1…64; the
    /// summarizer checks which one once it knows the layers' data format.
    /// </summary>
    public static int[]? InputShape(JsonElement value, string path, List<SpecError> errors, bool hasBatch)
    {
        var expected = hasBatch ? "[null, height, width, channels]" : "[height, width, channels]";
        var limits = $"height and width from 1 to {SpecLimits.MaxSide}, channels from 1 to {SpecLimits.MaxChannels} ([channels, height, width] for channels_first)";
        var skip = hasBatch ? 1 : 0;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 3 + skip)
        {
            errors.Add(new(path, $"the input shape must be {expected} (channels-last), with {limits}; got {Describe(value)}"));
            return null;
        }
        var shape = new int[3];
        for (var i = 0; i < 3; i++)
        {
            var e = value[i + skip];
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var n) || n < 1 || n > SpecLimits.MaxSide)
            {
                errors.Add(new(path, $"the input shape must be {expected} with {limits}; got {Describe(value)}"));
                return null;
            }
            shape[i] = (int)n;
        }
        if (Math.Min(shape[0], shape[2]) > SpecLimits.MaxChannels)
        {
            errors.Add(new(path, $"the input shape must be {expected} with {limits}; got {Describe(value)}"));
            return null;
        }
        return shape;
    }

    /// <summary>A short rendering of a JSON value for a message (long documents are cut).</summary>
    public static string Describe(JsonElement value)
    {
        var raw = value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }
}
