using System.Globalization;
using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>The getters of the layers beyond the seed notebook's: margins, integer lists, factor ranges, named choices.</summary>
internal sealed partial class LayerFields
{
    /// <summary>True when the field was given (and not null).</summary>
    public bool Has(string field) => values.ContainsKey(field);

    /// <summary>Keras's data_format: false for "channels_last" (the default), true for "channels_first".</summary>
    public bool ChannelsFirst() => Choice("dataFormat", ("channels_last", false), ("channels_first", true)) ?? false;

    /// <summary>One of several spellings (case-insensitive), or an error listing them.</summary>
    public T? Choice<T>(string field, params (string Name, T Value)[] choices) where T : struct
    {
        var text = String(field);
        if (text is null)
            return null;
        foreach (var (name, value) in choices)
        {
            if (name.Equals(text, StringComparison.OrdinalIgnoreCase))
                return value;
        }
        Error(field, $"{field} \"{text}\" is not supported; use {string.Join(" or ", choices.Select(c => $"\"{c.Name}\""))}");
        return null;
    }

    public Interpolation? Interpolation() => Choice("interpolation", ("nearest", Layers.Interpolation.Nearest), ("bilinear", Layers.Interpolation.Bilinear));

    public FillMode? FillMode() => Choice("fillMode", ("reflect", Layers.FillMode.Reflect), ("constant", Layers.FillMode.Constant), ("nearest", Layers.FillMode.Nearest));

    /// <summary>Margins as Keras takes them: n (every side), [h, w] (symmetric) or [[top, bottom], [left, right]], each 0…max.</summary>
    public Margins? Margins(string field, int max)
    {
        if (!values.TryGetValue(field, out var v))
            return null;
        var e = v.Value;
        if (Whole(e, 0, max) is { } n)
            return Layers.Margins.Uniform(n);
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2)
        {
            if (Whole(e[0], 0, max) is { } h && Whole(e[1], 0, max) is { } w)
                return new Margins(h, h, w, w);
            if (Pair(e[0], max) is { } rows && Pair(e[1], max) is { } columns)
                return new Margins(rows.A, rows.B, columns.A, columns.B);
        }
        Error(field, Invariant($"{field} must be an integer, [height, width] or [[top, bottom], [left, right]], each from 0 to {max:N0}"));
        return null;
    }

    /// <summary>A list of integers, each min…max, at most <paramref name="maxCount"/> long; a single integer reads as a list of one when <paramref name="single"/>.</summary>
    public int[]? Ints(string field, int min, int max, int maxCount, bool single = false, bool required = false)
    {
        if (!values.TryGetValue(field, out var v))
        {
            Missing<int>(field, required);
            return null;
        }
        var e = v.Value;
        if (single && Whole(e, min, max) is { } one)
            return [one];
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() is > 0 and var count && count <= maxCount)
        {
            var list = e.EnumerateArray().Select(x => Whole(x, min, max)).ToArray();
            if (list.All(x => x is not null))
                return list.Select(x => x!.Value).ToArray();
        }
        Error(field, Invariant($"{field} must be {(single ? "an integer or " : "")}a list of 1 to {maxCount} integers, each from {min:N0} to {max:N0}"));
        return null;
    }

    /// <summary>An integer that may be negative (Keras axes).</summary>
    public int? SignedInt(string field, int min, int max) => Int(field, min, max);

    /// <summary>A factor: f (for [−f, f]) or [lower, upper], lower ≤ upper, each within ±<paramref name="limit"/>.</summary>
    public FactorRange? Factor(string field, double limit, bool required = false)
    {
        if (!values.TryGetValue(field, out var v))
            return Missing<FactorRange>(field, required);
        var e = v.Value;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var f) && Math.Abs(f) <= limit)
            return new FactorRange(-Math.Abs(f), Math.Abs(f));
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2 && e[0].TryGetDouble(out var lower) && e[1].TryGetDouble(out var upper)
            && lower <= upper && Math.Abs(lower) <= limit && Math.Abs(upper) <= limit)
            return new FactorRange(lower, upper);
        Error(field, Invariant($"{field} must be a number f (for [−f, f]) or [lower, upper], each from −{limit} to {limit}"));
        return null;
    }

    private static int? Whole(JsonElement e, int min, int max) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) && n >= min && n <= max ? (int)n : null;

    private static (int A, int B)? Pair(JsonElement e, int max) =>
        e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2 && Whole(e[0], 0, max) is { } a && Whole(e[1], 0, max) is { } b ? (a, b) : null;

    /// <summary>A size whose sides may be 0 (output_padding): an integer or [height, width], each 0…max.</summary>
    public Size2? Size0(string field, int max)
    {
        if (!values.TryGetValue(field, out var v))
            return null;
        var e = v.Value;
        if (Whole(e, 0, max) is { } n)
            return Size2.Square(n);
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2 && Whole(e[0], 0, max) is { } h && Whole(e[1], 0, max) is { } w)
            return new Size2(h, w);
        Error(field, Invariant($"{field} must be an integer or [height, width], each from 0 to {max:N0}"));
        return null;
    }
}
