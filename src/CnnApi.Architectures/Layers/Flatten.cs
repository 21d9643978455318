namespace CnnApi.Architectures.Layers;

/// <summary>
/// Flattens everything but the batch dimension; no parameters, 0 MACs. On an already flat input it is a
/// no-op, as in Keras (which accepts it).
/// </summary>
public sealed record Flatten : Layer
{
    public override string KerasClass => "Flatten";
    public override string NameStem => "flatten";

    internal override LayerMath Apply(long[] input)
    {
        checked
        {
            long size = 1;
            foreach (var d in input)
                size *= d;
            return new LayerMath([size], 0, 0, 0, null);
        }
    }
}
