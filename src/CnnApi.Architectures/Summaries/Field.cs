using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Summaries;

/// <summary>The receptive field carried along one path: size and jump per axis (doubles: up-sampling makes jumps fractional).</summary>
internal readonly record struct Field(double SizeH, double SizeW, double JumpH, double JumpW)
{
    public static readonly Field Start = new(1, 1, 1, 1);

    /// <summary>The field after a layer with this window or step (both null for point-wise layers).</summary>
    public Field Next(Window? window, FieldStep? step)
    {
        if (window is { } w)
            step = new FieldStep(w.KernelHeight, w.KernelWidth, w.StrideHeight, w.StrideWidth);
        if (step is not { } s)
            return this;
        return new Field(SizeH + (s.Height - 1) * JumpH, SizeW + (s.Width - 1) * JumpW, JumpH * s.StrideHeight, JumpW * s.StrideWidth);
    }

    /// <summary>The larger field of two paths meeting at a merge.</summary>
    public static Field Max(Field a, Field b) =>
        new(Math.Max(a.SizeH, b.SizeH), Math.Max(a.SizeW, b.SizeW), Math.Max(a.JumpH, b.JumpH), Math.Max(a.JumpW, b.JumpW));

    public ReceptiveField ToReport() => new([Whole(SizeH), Whole(SizeW)], [JumpH, JumpW]);

    private static long Whole(double size) => size >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling(size - 1e-9);
}
