using System.Text.Json.Nodes;

namespace CnnApi.Tests.OpenApi;

/// <summary>
/// Turns the OpenAPI 3.0 schemas Swashbuckle writes into JSON Schema 2020-12 for JsonSchema.Net: <c>nullable</c>
/// becomes <c>anyOf [null, …]</c>, <c>#/components/schemas/X</c> references point into one shared base document,
/// <c>int32</c> becomes a range, and only formats JSON Schema defines (date-time, uuid) stay asserted.
/// </summary>
public static class OpenApiSchemas
{
    public const string BaseUri = "urn:cnnapi:openapi";
    private const string ComponentPrefix = "#/components/schemas/";

    /// <summary>The base document: every component schema under <c>$defs</c>.</summary>
    public static JsonObject Components(JsonObject document)
    {
        var defs = new JsonObject();
        if (document["components"]?["schemas"] is JsonObject schemas)
            foreach (var (name, schema) in schemas) defs[name] = Convert(schema);
        return new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$id"] = BaseUri, ["$defs"] = defs };
    }

    /// <summary>One schema (a response body's), converted; references point at <see cref="BaseUri"/>.</summary>
    public static JsonNode? Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(Convert).ToArray());
            case JsonObject obj:
                var result = new JsonObject();
                var nullable = false;
                foreach (var (key, value) in obj)
                {
                    switch (key)
                    {
                        case "nullable": nullable = value?.GetValue<bool>() == true; break;
                        case "$ref": result[key] = value!.GetValue<string>().Replace(ComponentPrefix, BaseUri + "#/$defs/", StringComparison.Ordinal); break;
                        case "example" or "examples" or "xml" or "discriminator" or "externalDocs": break;
                        case "format": Format(value!.GetValue<string>(), result); break;
                        case "properties" or "$defs" or "patternProperties":
                            var map = new JsonObject();
                            foreach (var (name, schema) in (JsonObject)value!) map[name] = Convert(schema);
                            result[key] = map;
                            break;
                        case "enum" or "required" or "default" or "const": result[key] = value?.DeepClone(); break;
                        default: result[key] = Convert(value); break;
                    }
                }
                return nullable ? new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, result) } : result;
            default:
                return node?.DeepClone();
        }
    }

    private static void Format(string format, JsonObject schema)
    {
        switch (format)
        {
            case "int32":
                schema["minimum"] = int.MinValue;
                schema["maximum"] = int.MaxValue;
                break;
            case "date-time" or "uuid":
                schema["format"] = format;
                break;
        }
    }
}
