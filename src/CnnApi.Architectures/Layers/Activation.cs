namespace CnnApi.Architectures.Layers;

/// <summary>A standalone activation: shape unchanged, no parameters, 0 MACs (element-wise functions are not multiply-accumulates).</summary>
public sealed record Activation(ActivationKind Kind) : Layer
{
    public override string KerasClass => "Activation";
    public override string NameStem => "activation";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}
