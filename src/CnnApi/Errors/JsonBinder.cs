using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CnnApi.Errors;

/// <summary>
/// Binds a request record (and the records it holds) from a checked JSON body, wording every mismatch by JSON path and in the
/// contract's terms ("must be an integer"), never with .NET type names or serializer internals. Property
/// names match case-insensitively, as the web defaults do; an unknown property is an error naming it.
/// </summary>
public static class JsonBinder
{
    private static readonly JsonSerializerOptions Options = ReadOnly(new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() });

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly();
        return options;
    }

    public static T? Bind<T>(JsonElement json, List<(string Path, string Message)> errors) where T : class
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("", $"Send a JSON object, not {Describe(json.ValueKind)}."));
            return null;
        }
        var before = errors.Count;
        Check(typeof(T), json, "", errors);
        return errors.Count > before ? null : json.Deserialize<T>(Options);
    }

    /// <summary>Checks an object's members against <paramref name="type"/>'s properties, and nested objects (records) in turn.</summary>
    private static void Check(Type type, JsonElement json, string prefix, List<(string Path, string Message)> errors)
    {
        var properties = Options.GetTypeInfo(type).Properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var member in json.EnumerateObject())
        {
            if (!properties.TryGetValue(member.Name, out var property))
                errors.Add((JsonPaths.Join(prefix, member.Name), $"Unknown property '{member.Name}': this request takes {string.Join(", ", properties.Keys)}."));
            else if (Expected(property, member.Value) is { } expected)
                errors.Add((JsonPaths.Join(prefix, property.Name), $"Must be {expected}, not {Describe(member.Value.ValueKind)}."));
            else if (IsNested(property) && member.Value.ValueKind == JsonValueKind.Object)
                Check(property.PropertyType, member.Value, JsonPaths.Join(prefix, property.Name), errors);
        }
    }

    private static bool IsNested(JsonPropertyInfo property) =>
        property.PropertyType.IsClass && property.PropertyType != typeof(string);

    /// <summary>What the property needs, when <paramref name="value"/> is not it; null when it fits.</summary>
    private static string? Expected(JsonPropertyInfo property, JsonElement value)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(JsonElement) || value.ValueKind == JsonValueKind.Null) return null;
        if (type == typeof(string)) return value.ValueKind == JsonValueKind.String ? null : "a string";
        if (type == typeof(int))
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null
                : $"a whole number between {int.MinValue} and {int.MaxValue}";
        if (type == typeof(double))
            return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) ? null : "a finite number";
        if (type == typeof(bool))
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "true or false";
        if (IsNested(property)) return value.ValueKind == JsonValueKind.Object ? null : "an object";
        throw new NotSupportedException($"JsonBinder does not bind {type.Name} properties.");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
