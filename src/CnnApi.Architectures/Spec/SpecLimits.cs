namespace CnnApi.Architectures.Spec;

/// <summary>Bounds every reader enforces, so that no spec can ask for absurd work.</summary>
public static class SpecLimits
{
    public const int MaxLayers = 200;
    public const int MaxSide = 4096;
    public const int MaxChannels = 64;
    /// <summary>Upper bound for filters and units.</summary>
    public const int MaxUnits = 1 << 20;
    /// <summary>Upper bound for kernel sizes, pool sizes, strides and dilation rates.</summary>
    public const int MaxWindow = MaxSide;
    public const int MaxNameLength = 100;
}
