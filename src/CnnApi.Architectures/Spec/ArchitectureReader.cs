using System.Text.Json;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// The entry point for any client document: CnnApi's own spec, or a Keras <c>model.to_json()</c> document
/// (recognised by a top-level <c>class_name</c>, or a TensorFlow.js <c>modelTopology</c>). Never throws:
/// every problem comes back as a <see cref="SpecError"/> with its JSON path.
/// </summary>
public static class ArchitectureReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Reads a parsed JSON value.</summary>
    public static ArchitectureReadResult Read(JsonElement json)
    {
        if (JsonChecks.Find(json) is { Count: > 0 } unsound)
            return ArchitectureReadResult.Fail(SpecFormat.CnnApi, [.. unsound]);
        if (json.ValueKind == JsonValueKind.Object
            && (json.TryGetProperty("class_name", out _) || json.TryGetProperty("modelTopology", out _)))
            return KerasJsonReader.Read(json);
        return SpecReader.Read(json);
    }

    /// <summary>Reads UTF-8 JSON; malformed JSON is an error at path "".</summary>
    public static ArchitectureReadResult Read(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray(), Options);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return ArchitectureReadResult.Fail(SpecFormat.CnnApi, new SpecError("", $"the body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>Reads JSON text; malformed JSON is an error at path "".</summary>
    public static ArchitectureReadResult Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return ArchitectureReadResult.Fail(SpecFormat.CnnApi, new SpecError("", $"the body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>Validates a typed spec (as the presets carry it) exactly as if it had been posted.</summary>
    public static ArchitectureReadResult Read(ArchitectureSpec spec) =>
        Read(JsonSerializer.SerializeToElement(spec, ArchitectureSpec.JsonOptions));
}
