using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CnnApi.Errors;

/// <summary>
/// Binds a request record from a checked JSON body, wording every mismatch by JSON path and in the
/// contract's terms ("must be an integer"), never with .NET type names or serializer internals. Property
/// names match case-insensitively, as the web defaults do; an unknown property is an error naming it.
/// A property whose type is a record of CnnApi's (<c>earlyStopping</c>) is checked the same way, under its path.
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
        CheckObject(typeof(T), json, "", errors);
        return errors.Count > before ? null : json.Deserialize<T>(Options);
    }

    private static void CheckObject(Type type, JsonElement json, string prefix, List<(string Path, string Message)> errors)
    {
        var properties = Options.GetTypeInfo(type).Properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var member in json.EnumerateObject())
        {
            if (!properties.TryGetValue(member.Name, out var property))
                errors.Add((JsonPaths.Join(prefix, member.Name), $"Unknown property '{member.Name}': {(prefix.Length == 0 ? "this request" : prefix)} takes {string.Join(", ", properties.Keys)}."));
            else if (IsRecord(property.PropertyType) && member.Value.ValueKind == JsonValueKind.Object)
                CheckObject(property.PropertyType, member.Value, JsonPaths.Join(prefix, property.Name), errors);
            else if (Expected(property, member.Value) is { } expected)
                errors.Add((JsonPaths.Join(prefix, property.Name), $"Must be {expected}, not {Describe(member.Value.ValueKind)}."));
        }
    }

    /// <summary>A nested request record: one of CnnApi's classes (string and JsonElement are not).</summary>
    private static bool IsRecord(Type type) => type.IsClass && type.Namespace?.StartsWith("CnnApi", StringComparison.Ordinal) == true;

    /// <summary>What the property needs, when <paramref name="value"/> is not it; null when it fits.</summary>
    private static string? Expected(JsonPropertyInfo property, JsonElement value)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        // null means "absent" for a nullable property; a plain number or flag must be given (or left out).
        if (type == typeof(JsonElement) || (value.ValueKind == JsonValueKind.Null && !(property.PropertyType.IsValueType && type == property.PropertyType)))
            return null;
        if (type == typeof(string)) return value.ValueKind == JsonValueKind.String ? null : "a string";
        if (type == typeof(int))
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null
                : $"a whole number between {int.MinValue} and {int.MaxValue}";
        if (type == typeof(double))
            return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) ? null : "a finite number";
        if (type == typeof(bool))
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "true or false";
        if (type == typeof(Guid))
            return value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out _) ? null : "an id (a GUID string)";
        if (IsRecord(type)) return "an object";
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
