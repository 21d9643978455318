namespace CnnApi.Architectures.Summaries;

/// <summary>
/// What <c>model.summary()</c> tells, with Keras's exact counts, and more: MACs, bytes, receptive fields and
/// border loss per layer (see <see cref="LayerSummary"/>). Serialises with the web defaults to the contract's
/// JSON; <see cref="Text"/> is the Keras 2 style table, rendered on first use.
/// </summary>
public sealed class ArchitectureSummary
{
    private string? text;

    public required string Name { get; init; }

    /// <summary>[null, height, width, channels].</summary>
    public required long?[] InputShape { get; init; }

    public required IReadOnlyList<LayerSummary> Layers { get; init; }
    public required long TotalParams { get; init; }
    public required long TrainableParams { get; init; }
    public required long NonTrainableParams { get; init; }

    /// <summary>Multiply-accumulates of one forward pass of one image (sum of the layers').</summary>
    public required long TotalMacs { get; init; }

    /// <summary>TotalParams × 4 (float32).</summary>
    public required long ParamBytes { get; init; }

    /// <summary>Sum over layers of output elements × 4: one image's forward activations (input not included, no gradients).</summary>
    public required long ActivationBytes { get; init; }

    /// <summary>True for a functional graph: the first row is its <c>InputLayer</c> and the table has a "Connected to" column.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool IsGraph { get; init; }

    /// <summary>
    /// Keras prints the short table without "Connected to": a Sequential model, or a graph in which no call of a layer
    /// takes more than one input, no output is read twice and no layer is shared (tf.keras 2.x print_summary).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool SequentialLike { get; init; } = true;

    /// <summary>The Keras-style table (see <see cref="SummaryText"/>).</summary>
    public string Text => text ??= SummaryText.Render(this);
}
