namespace CnnApi.Architectures.Layers;

/// <summary>
/// Fully connected layer, applied to the last axis (as Keras does when its input is not flat: [.., in] → [.., units]).
/// Params = in·units + bias. MACs of one image = positions·in·units, positions being the product of the other axes.
/// </summary>
public sealed record Dense(int Units, ActivationKind Activation, bool UseBias) : Layer
{
    public override string KerasClass => "Dense";
    public override string NameStem => "dense";

    internal override LayerMath Apply(long[] input)
    {
        if (Units < 1)
            return LayerMath.Fail("Dense: units must be at least 1");
        if (input.Length == 0)
            return LayerMath.Fail("Dense needs an input with at least one axis");
        checked
        {
            long inputs = input[^1], positions = 1;
            for (var i = 0; i < input.Length - 1; i++)
                positions *= input[i];
            var output = (long[])input.Clone();
            output[^1] = Units;
            long parameters = inputs * Units + (UseBias ? Units : 0);
            return new LayerMath(output, parameters, 0, positions * inputs * Units, null);
        }
    }
}
