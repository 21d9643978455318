namespace CnnApi.Architectures.Layers;

/// <summary>Keras Reshape to <see cref="TargetShape"/> (no batch); one entry may be −1, inferred from the size.</summary>
public sealed record Reshape(IReadOnlyList<int> TargetShape) : Layer
{
    public override string KerasClass => "Reshape";
    public override string NameStem => "reshape";

    internal override LayerMath Apply(long[] input)
    {
        long size = Shapes.Size(input), known = 1;
        var unknown = -1;
        for (var i = 0; i < TargetShape.Count; i++)
        {
            if (TargetShape[i] == -1)
                unknown = i;
            else
                known = checked(known * TargetShape[i]);
        }
        var output = TargetShape.Select(d => (long)d).ToArray();
        if (unknown >= 0 && known > 0 && size % known == 0)
            output[unknown] = size / known;
        if (unknown >= 0 ? size % known != 0 : known != size)
            return LayerMath.Fail($"Reshape: the {Shapes.Format(input)} input has {size} elements, which cannot be reshaped to ({Target})");
        return new LayerMath(output, 0, 0, 0, null);
    }

    private string Target => string.Join(", ", TargetShape);

    public bool Equals(Reshape? other) => other is not null && base.Equals(other) && TargetShape.SequenceEqual(other.TargetShape);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), TargetShape.Count);
}

/// <summary>Keras Permute: <see cref="Dims"/> is a permutation of 1…rank (1 = the first axis after the batch).</summary>
public sealed record Permute(IReadOnlyList<int> Dims) : Layer
{
    public override string KerasClass => "Permute";
    public override string NameStem => "permute";

    internal override LayerMath Apply(long[] input)
    {
        if (Dims.Count != input.Length || Dims.Order().Select((d, i) => d == i + 1).Any(ok => !ok))
            return LayerMath.Fail($"Permute: dims ({string.Join(", ", Dims)}) must be a permutation of 1…{input.Length} for the {Shapes.Format(input)} input");
        return new LayerMath(Dims.Select(d => input[d - 1]).ToArray(), 0, 0, 0, null);
    }

    public bool Equals(Permute? other) => other is not null && base.Equals(other) && Dims.SequenceEqual(other.Dims);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Dims.Count);
}
