namespace CnnApi.Architectures.Layers;

/// <summary>GlobalMaxPooling2D or GlobalAveragePooling2D: [H, W, C] → [C]. No parameters, 0 MACs (as pooling).</summary>
public sealed record GlobalPooling2D(PoolKind Kind) : SpatialLayer
{
    public override string KerasClass => Kind == PoolKind.Max ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";
    public override string NameStem => Kind == PoolKind.Max ? "global_max_pooling2d" : "global_average_pooling2d";

    internal override LayerMath ApplyChannelsLast(long[] input) => input.Length == 3
        ? new LayerMath([input[2]], 0, 0, 0, null)
        : LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
}
