namespace CnnApi.Architectures.Layers;

/// <summary>
/// Flattens everything but the batch dimension; no parameters, 0 MACs. On an already flat input it is a
/// no-op, as in Keras (which accepts it). With <see cref="ChannelsFirst"/> Keras first moves the channel axis
/// last, so the order of the features is channels-last either way (the shape is the same).
/// </summary>
public sealed record Flatten : Layer
{
    public override string KerasClass => "Flatten";
    public override string NameStem => "flatten";

    /// <summary>Keras <c>data_format="channels_first"</c>: the input's first axis holds the channels.</summary>
    public bool ChannelsFirst { get; init; }

    internal override LayerMath Apply(long[] input) => new([Shapes.Size(input)], 0, 0, 0, null);
}
