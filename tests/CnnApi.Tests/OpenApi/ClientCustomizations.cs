using System.Text.Json;
using System.Text.Json.Serialization;

namespace CnnApi.Tests.OpenApi.Client;

// What NSwag cannot generate from the document, written here as the document describes it.

/// <summary>Optional properties are nullable in the generated classes (/generateOptionalPropertiesAsNullable); absent means absent.</summary>
public partial class CnnApiClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
}

// NSwag turns a oneOf into its first branch's class (or an anonymous one), so the build leaves these types out
// (/excludedTypeNames in CnnApi.Tests.csproj).

/// <summary>The document's <c>CompareRequest</c>.</summary>
public sealed class CompareRequest
{
    [JsonPropertyName("a")] public required ArchitectureDocument A { get; init; }
    [JsonPropertyName("b")] public required ArchitectureDocument B { get; init; }
}

/// <summary>The document's <c>ArchitectureDocument</c>: one of a spec, a Keras document or a preset name.</summary>
[JsonConverter(typeof(ArchitectureDocumentConverter))]
public sealed class ArchitectureDocument
{
    private ArchitectureDocument(object value) => Value = value;

    public object Value { get; }

    public static ArchitectureDocument Preset(string name) => new(name);
    public static ArchitectureDocument Spec(ArchitectureSpec spec) => new(spec);
    public static ArchitectureDocument Keras(KerasModelDocument document) => new(document);

    private sealed class ArchitectureDocumentConverter : JsonConverter<ArchitectureDocument>
    {
        public override ArchitectureDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Preset(reader.GetString()!) : new(JsonElement.ParseValue(ref reader));

        public override void Write(Utf8JsonWriter writer, ArchitectureDocument value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, value.Value.GetType(), options);
    }
}

/// <summary>The document's <c>SinglePrediction</c> (NSwag folds a oneOf's first branch into the union, and this one is used nowhere else).</summary>
public sealed class SinglePrediction
{
    [JsonPropertyName("modelId")] public required Guid ModelId { get; init; }
    [JsonPropertyName("digit")] public required int Digit { get; init; }
    [JsonPropertyName("confidence")] public required double Confidence { get; init; }
    [JsonPropertyName("probabilities")] public required IReadOnlyList<float> Probabilities { get; init; }
    [JsonPropertyName("debug")] public PredictionDebug? Debug { get; init; }
}

/// <summary>The document's <c>PredictionResult</c>: a SinglePrediction (field <c>image</c>) or a BatchPrediction (<c>images</c>).</summary>
[JsonConverter(typeof(PredictionResultConverter))]
public sealed class PredictionResult
{
    public SinglePrediction? Single { get; private init; }
    public BatchPrediction? Batch { get; private init; }

    private sealed class PredictionResultConverter : JsonConverter<PredictionResult>
    {
        public override PredictionResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var json = JsonElement.ParseValue(ref reader);
            return json.TryGetProperty("predictions", out _)
                ? new PredictionResult { Batch = json.Deserialize<BatchPrediction>(options) }
                : new PredictionResult { Single = json.Deserialize<SinglePrediction>(options) };
        }

        public override void Write(Utf8JsonWriter writer, PredictionResult value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, (object?)value.Single ?? value.Batch, options);
    }
}
