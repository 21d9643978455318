namespace CnnApi.Architectures.Layers;

/// <summary>
/// MaxPooling2D or AveragePooling2D. No parameters. MACs are counted as 0: a pooling window takes
/// comparisons or additions, not multiply-accumulates.
/// </summary>
public sealed record Pooling2D(PoolKind Kind, Size2 PoolSize, Size2 Strides, Padding Padding) : SpatialLayer
{
    public override string KerasClass => Kind == PoolKind.Max ? "MaxPooling2D" : "AveragePooling2D";
    public override string NameStem => Kind == PoolKind.Max ? "max_pooling2d" : "average_pooling2d";

    internal override LayerMath ApplyChannelsLast(long[] input)
    {
        if (input.Length != 3)
            return LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
        if (!PoolSize.IsPositive || !Strides.IsPositive)
            return LayerMath.Fail($"{KerasClass}: pool size and strides must be at least 1");
        var window = new Window(PoolSize.Height, PoolSize.Width, Strides.Height, Strides.Width, Padding);
        long height = window.OutputHeight(input[0]), width = window.OutputWidth(input[1]);
        if (height < 1 || width < 1)
            return LayerMath.Fail($"{KerasClass}: pool {PoolSize} does not fit the {Shapes.Spatial(input)} input");
        return new LayerMath([height, width, input[2]], 0, 0, 0, window);
    }
}
