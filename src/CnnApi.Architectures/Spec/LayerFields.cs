using System.Globalization;
using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// The properties of one layer, keyed by their camelCase name, with typed, range-checked getters that
/// record an error (with the JSON path as the client wrote it) instead of throwing.
/// </summary>
internal sealed partial class LayerFields(string path, List<SpecError> errors, bool snakeCase)
{
    internal readonly Dictionary<string, (string Written, JsonElement Value)> values = new(StringComparer.Ordinal);
    private readonly int errorsAtStart = errors.Count;

    public string Path => path;

    /// <summary>True when a getter (or <see cref="Error"/>) recorded a problem for this layer.</summary>
    public bool Failed => errors.Count > errorsAtStart;

    /// <summary>Adds a value; JSON null means "use the default", as Keras writes null for default pooling strides.</summary>
    public void Add(string field, string written, JsonElement value)
    {
        if (values.TryGetValue(field, out var earlier))
            errors.Add(new($"{path}.{written}", $"'{written}' repeats '{earlier.Written}'; give it once"));
        else if (value.ValueKind != JsonValueKind.Null)
            values[field] = (written, value);
    }

    public string PathOf(string field) => values.TryGetValue(field, out var v)
        ? $"{path}.{v.Written}"
        : $"{path}.{(snakeCase ? SnakeName(field) : field)}";

    public void Error(string field, string message) => errors.Add(new(PathOf(field), message));

    public int? Int(string field, int min, int max, bool required = false)
    {
        if (!values.TryGetValue(field, out var v))
            return Missing<int>(field, required);
        if (v.Value.ValueKind == JsonValueKind.Number && v.Value.TryGetInt64(out var n) && n >= min && n <= max)
            return (int)n;
        Error(field, Invariant($"{field} must be an integer from {min:N0} to {max:N0}"));
        return null;
    }

    /// <summary>A size given as one int (a square) or as [height, width].</summary>
    public Size2? Size(string field, int max, bool required = false)
    {
        if (!values.TryGetValue(field, out var v))
            return Missing<Size2>(field, required);
        var e = v.Value;
        if (e.ValueKind == JsonValueKind.Number && InRange(e, max, out var n))
            return Size2.Square(n);
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2
            && InRange(e[0], max, out var h) && InRange(e[1], max, out var w))
            return new Size2(h, w);
        Error(field, Invariant($"{field} must be an integer or [height, width], each from 1 to {max:N0}"));
        return null;
    }

    public double? Number(string field, double min, double max, bool maxExclusive = false)
    {
        if (!values.TryGetValue(field, out var v))
            return null;
        if (v.Value.ValueKind == JsonValueKind.Number && v.Value.TryGetDouble(out var x)
            && x >= min && (maxExclusive ? x < max : x <= max))
            return x;
        Error(field, Invariant($"{field} must be a number from {min} to {max}{(maxExclusive ? " (exclusive)" : "")}"));
        return null;
    }

    public double RequiredNumber(string field, double min, double max, bool maxExclusive = false)
    {
        if (!values.ContainsKey(field))
            Missing<double>(field, required: true);
        return Number(field, min, max, maxExclusive) ?? 0;
    }

    public bool? Bool(string field)
    {
        if (!values.TryGetValue(field, out var v))
            return null;
        if (v.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return v.Value.GetBoolean();
        Error(field, $"{field} must be true or false");
        return null;
    }

    public Padding? Padding()
    {
        var text = String("padding");
        if (text is null)
            return null;
        if (text.Equals("valid", StringComparison.OrdinalIgnoreCase))
            return Layers.Padding.Valid;
        if (text.Equals("same", StringComparison.OrdinalIgnoreCase))
            return Layers.Padding.Same;
        Error("padding", $"padding must be \"valid\" or \"same\", got \"{text}\"");
        return null;
    }

    public ActivationKind? Activation(bool required = false)
    {
        if (!values.ContainsKey("activation"))
            return Missing<ActivationKind>("activation", required);
        var text = String("activation");
        if (text is null)
            return null;
        if (Activations.TryParse(text, out var kind))
            return kind;
        Error("activation", $"activation \"{text}\" is not supported; use one of {Activations.Supported}");
        return null;
    }

    internal string? String(string field)
    {
        if (!values.TryGetValue(field, out var v))
            return null;
        if (v.Value.ValueKind == JsonValueKind.String)
            return v.Value.GetString();
        Error(field, $"{field} must be a string");
        return null;
    }

    internal T? Missing<T>(string field, bool required) where T : struct
    {
        if (required)
            errors.Add(new(PathOf(field), $"{field} is required"));
        return null;
    }

    private static bool InRange(JsonElement e, int max, out int value)
    {
        value = 0;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var n) || n < 1 || n > max)
            return false;
        value = (int)n;
        return true;
    }

    /// <summary>Keras's snake_case spelling of a camelCase field: <c>kernelSize</c> → <c>kernel_size</c>.</summary>
    public static string SnakeName(string field) =>
        string.Concat(field.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>Messages read the same on every server, whatever its culture ("4,096", "0.5").</summary>
    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
