namespace CnnApi.Architectures.Layers;

/// <summary>A height × width pair: kernel sizes, strides, pool sizes, dilation rates.</summary>
public readonly record struct Size2(int Height, int Width)
{
    /// <summary>A square: <c>Square(3)</c> is 3×3.</summary>
    public static Size2 Square(int n) => new(n, n);

    /// <summary>True when both sides are equal.</summary>
    public bool IsSquare => Height == Width;

    /// <summary>True when both sides are at least 1.</summary>
    public bool IsPositive => Height >= 1 && Width >= 1;

    public override string ToString() => $"{Height}×{Width}";
}
