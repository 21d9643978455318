using System.Globalization;
using System.Text;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// Renders a summary as Keras 2.x / tf.keras 2.x <c>model.summary()</c> prints a Sequential model: 65 columns,
/// fields cut at 29, 55 and 65 characters (Keras's <c>positions=[.45, .85, 1.]</c>, trailing spaces kept),
/// <c>_</c> rules between rows and <c>=</c> around them. Totals carry sizes as Keras 3 prints them
/// (<c>Total params: 2,002,698 (7.64 MB)</c>, float32, powers of 1024).
/// </summary>
public static class SummaryText
{
    private const int LineLength = 65;
    private static readonly int[] Positions = [29, 55, 65];

    public static string Render(ArchitectureSummary summary)
    {
        var text = new StringBuilder();
        text.Append("Model: \"").Append(summary.Name).Append("\"\n");
        text.Append('_', LineLength).Append('\n');
        Row(text, "Layer (type)", "Output Shape", "Param #");
        text.Append('=', LineLength).Append('\n');
        for (var i = 0; i < summary.Layers.Count; i++)
        {
            var layer = summary.Layers[i];
            Row(text, $"{layer.Name} ({layer.Type})", Shapes.Format(layer.OutputDims), layer.Params.ToString(CultureInfo.InvariantCulture));
            text.Append(i == summary.Layers.Count - 1 ? '=' : '_', LineLength).Append('\n');
        }
        Total(text, "Total params", summary.TotalParams);
        Total(text, "Trainable params", summary.TrainableParams);
        Total(text, "Non-trainable params", summary.NonTrainableParams);
        text.Append('_', LineLength).Append('\n');
        return text.ToString();
    }

    /// <summary>Keras's <c>print_row</c>: each field cut and padded to its column; the previous column's last character becomes a space.</summary>
    private static void Row(StringBuilder text, params string[] fields)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                line[^1] = ' ';
            line.Append(fields[i]);
            if (line.Length > Positions[i])
                line.Length = Positions[i];
            line.Append(' ', Positions[i] - line.Length);
        }
        text.Append(line).Append('\n');
    }

    private static void Total(StringBuilder text, string label, long count) =>
        text.Append(label).Append(": ").Append(count.ToString("N0", CultureInfo.InvariantCulture))
            .Append(" (").Append(ReadableSize(count * 4)).Append(")\n");

    /// <summary>Keras 3's <c>readable_memory_size</c>: divide by 1024 while the value is at least 1024, two decimals.</summary>
    internal static string ReadableSize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        double size = bytes;
        foreach (var unit in units)
        {
            if (size / 1024 < 1)
                return string.Create(CultureInfo.InvariantCulture, $"{size:F2} {unit}");
            if (unit != units[^1])
                size /= 1024;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{size:F2} {units[^1]}");
    }
}
