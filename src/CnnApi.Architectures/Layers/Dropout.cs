namespace CnnApi.Architectures.Layers;

/// <summary>Dropout with the given rate (active only in training): no parameters, 0 MACs, shape unchanged.</summary>
public sealed record Dropout(double Rate) : Layer
{
    public override string KerasClass => "Dropout";
    public override string NameStem => "dropout";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}
