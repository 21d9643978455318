using System.Globalization;
using System.Text;

namespace CnnApi.Architectures.Layers;

/// <summary>Formatting of shapes as Keras prints them, and Keras's axis arithmetic.</summary>
internal static class Shapes
{
    /// <summary><c>(None, 26, 26, 32)</c>: the batch dimension first, as Python prints a shape tuple.</summary>
    public static string Format(long[] dims)
    {
        var text = new StringBuilder("(None");
        foreach (var d in dims)
            text.Append(", ").Append(d.ToString(CultureInfo.InvariantCulture));
        return text.Append(')').ToString();
    }

    /// <summary><c>26×26</c>, the spatial extent of a 3-D shape.</summary>
    public static string Spatial(long[] dims) => $"{dims[0]}×{dims[1]}";

    public static string NeedsSpatial(string kerasClass, long[] input) =>
        $"{kerasClass} needs a 3-D input (height, width, channels), got {Format(input)}";

    /// <summary>The number of elements (checked).</summary>
    public static long Size(long[] dims)
    {
        long size = 1;
        foreach (var d in dims)
            size = checked(size * d);
        return size;
    }

    /// <summary>
    /// A Keras axis (counting the batch as 0; negative from the end) as an index into a shape without the batch,
    /// or null when it names the batch or lies outside.
    /// </summary>
    public static int? Axis(int axis, int rank)
    {
        var full = axis < 0 ? rank + 1 + axis : axis;
        return full >= 1 && full <= rank ? full - 1 : null;
    }
}
