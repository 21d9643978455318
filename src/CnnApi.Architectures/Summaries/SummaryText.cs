using System.Globalization;
using System.Text;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// Renders a summary as Keras 2.x / tf.keras 2.x <c>model.summary()</c> prints it. A Sequential model, or a graph
/// Keras calls "sequential-like" (every layer takes one input, one after the other): 65 columns, fields cut at 29,
/// 55 and 65 characters (Keras's <c>positions=[.45, .85, 1.]</c>, trailing spaces kept). Any other graph: 98 columns
/// cut at 32, 53, 65 and 98 (<c>[.33, .55, .67, 1.]</c>) with a "Connected to" column listing <c>name[node][0]</c> for
/// every input of every call (a shared layer's calls one after the other; node k is a layer's call k), the first
/// connection on the layer's row and each further one on a row of its own.
/// <c>_</c> rules between rows and <c>=</c> around them. Totals carry sizes as Keras 3 prints them
/// (<c>Total params: 2,002,698 (7.64 MB)</c>, float32, powers of 1024).
/// </summary>
public static class SummaryText
{
    private static readonly int[] SequentialPositions = [29, 55, 65];
    private static readonly int[] GraphPositions = [32, 53, 65, 98];

    public static string Render(ArchitectureSummary summary)
    {
        var connections = summary.IsGraph && !summary.SequentialLike;
        var positions = connections ? GraphPositions : SequentialPositions;
        var lineLength = positions[^1];
        var text = new StringBuilder();
        text.Append("Model: \"").Append(summary.Name).Append("\"\n");
        text.Append('_', lineLength).Append('\n');
        Row(text, positions, connections ? ["Layer (type)", "Output Shape", "Param #", "Connected to"] : ["Layer (type)", "Output Shape", "Param #"]);
        text.Append('=', lineLength).Append('\n');
        for (var i = 0; i < summary.Layers.Count; i++)
        {
            var layer = summary.Layers[i];
            var links = layer.Calls.SelectMany(c => c.Inputs).Select(i => $"{i.Name}[{i.Call}][0]").ToList();
            var cells = new List<string> { $"{layer.Name} ({layer.Type})", OutputShape(layer), layer.Params.ToString(CultureInfo.InvariantCulture) };
            if (connections)
                cells.Add(links.Count > 0 ? links[0] : "");
            Row(text, positions, [.. cells]);
            for (var c = 1; connections && c < links.Count; c++)
                Row(text, positions, "", "", "", links[c]);
            text.Append(i == summary.Layers.Count - 1 ? '=' : '_', lineLength).Append('\n');
        }
        Total(text, "Total params", summary.TotalParams);
        Total(text, "Trainable params", summary.TrainableParams);
        Total(text, "Non-trainable params", summary.NonTrainableParams);
        text.Append('_', lineLength).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Keras's <c>layer.output_shape</c>: the shape, or "multiple" for a shared layer whose calls give different shapes
    /// (tf.keras raises AttributeError there and print_summary writes "multiple").
    /// </summary>
    private static string OutputShape(LayerSummary layer) =>
        layer.Calls.Skip(1).Any(c => !c.OutputDims.SequenceEqual(layer.OutputDims)) ? "multiple" : Shapes.Format(layer.OutputDims);

    /// <summary>Keras's <c>print_row</c>: each field cut and padded to its column; the previous column's last character becomes a space.</summary>
    private static void Row(StringBuilder text, int[] positions, params string[] fields)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                line[^1] = ' ';
            line.Append(fields[i]);
            if (line.Length > positions[i])
                line.Length = positions[i];
            line.Append(' ', positions[i] - line.Length);
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
