namespace CnnApi.Architectures.Layers;

/// <summary>
/// Keras's element-wise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum): two or more inputs
/// (Subtract exactly two) of one shape, or shapes that broadcast as Keras's <c>_compute_elemwise_op_output_shape</c>
/// allows (aligned from the right, a 1 stretches). No parameters, 0 MACs.
/// </summary>
public sealed record Merge(MergeKind Kind) : Layer
{
    public override string KerasClass => Kind.ToString();
    public override string NameStem => Kind.ToString().ToLowerInvariant();
    public override (int Min, int Max) Arity => Kind == MergeKind.Subtract ? (2, 2) : (2, int.MaxValue);

    internal override LayerMath Apply(long[] input) => LayerMath.Fail($"{KerasClass} needs at least two inputs, got one");

    internal override LayerMath Apply(IReadOnlyList<long[]> inputs)
    {
        if (inputs.Count < Arity.Min || inputs.Count > Arity.Max)
            return LayerMath.Fail(Kind == MergeKind.Subtract
                ? $"Subtract takes exactly two inputs, got {inputs.Count}"
                : $"{KerasClass} needs at least two inputs, got {inputs.Count}");
        var output = inputs[0];
        for (var i = 1; i < inputs.Count; i++)
        {
            if (Broadcast(output, inputs[i]) is not { } next)
                return LayerMath.Fail($"{KerasClass}: the input shapes {string.Join(", ", inputs.Select(Shapes.Format))} do not match");
            output = next;
        }
        return LayerMath.Identity(output);
    }

    private static long[]? Broadcast(long[] a, long[] b)
    {
        if (a.Length < b.Length)
            (a, b) = (b, a);
        var output = (long[])a.Clone();
        for (var i = 1; i <= b.Length; i++)
        {
            long x = a[^i], y = b[^i];
            if (x != y && x != 1 && y != 1)
                return null;
            output[^i] = x == 1 ? y : x;
        }
        return output;
    }
}

/// <summary>
/// Keras Concatenate along <see cref="Axis"/> (counting the batch as 0; −1, the channels, by default): the inputs
/// must have one rank and agree on every other axis.
/// </summary>
public sealed record Concatenate(int Axis = -1) : Layer
{
    public override string KerasClass => "Concatenate";
    public override string NameStem => "concatenate";
    public override (int Min, int Max) Arity => (2, int.MaxValue);

    internal override LayerMath Apply(long[] input) => LayerMath.Fail("Concatenate needs at least two inputs, got one");

    internal override LayerMath Apply(IReadOnlyList<long[]> inputs)
    {
        if (inputs.Count < 2)
            return LayerMath.Fail($"Concatenate needs at least two inputs, got {inputs.Count}");
        var rank = inputs[0].Length;
        var shapes = string.Join(", ", inputs.Select(Shapes.Format));
        if (Shapes.Axis(Axis, rank) is not { } axis)
            return LayerMath.Fail($"Concatenate: axis {Axis} is not an axis of the inputs {shapes}");
        var output = (long[])inputs[0].Clone();
        for (var i = 1; i < inputs.Count; i++)
        {
            var other = inputs[i];
            if (other.Length != rank || Enumerable.Range(0, rank).Any(d => d != axis && other[d] != output[d]))
                return LayerMath.Fail($"Concatenate: the inputs {shapes} must match on every axis but axis {Axis}");
            output[axis] = checked(output[axis] + other[axis]);
        }
        return LayerMath.Identity(output);
    }
}

/// <summary>A functional model's input, shown as the first row of its summary (Keras's <c>InputLayer</c>).</summary>
public sealed record InputLayer : Layer
{
    public override string KerasClass => "InputLayer";
    public override string NameStem => "input";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}
