using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Training;

/// <summary>
/// Random affine augmentation of training batches: each image is shifted by up to <see cref="Shift"/> pixels
/// (each axis), rotated by up to <see cref="Rotation"/> degrees and scaled by a factor in 1 ± <see cref="Zoom"/>,
/// all drawn uniformly. Zero everywhere means none.
/// </summary>
public sealed record Augmentation(double Shift = 0, double Rotation = 0, double Zoom = 0)
{
    public bool IsIdentity => Shift == 0 && Rotation == 0 && Zoom == 0;
}

/// <summary>
/// Applies an <see cref="Augmentation"/> to one batch with one <c>affine_grid</c> + <c>grid_sample</c> call. The
/// parameters come from a .NET generator seeded by (epoch seed, batch) alone, so a resumed run draws the same ones
/// without any saved state, and torch's generator (dropout) is not touched. Pixels moved in from outside the
/// image are the MNIST background, not zero (which is grey after normalisation).
/// </summary>
internal static class BatchAugmenter
{
    private const int Side = 28;

    /// <summary>The background value after normalisation: −mean/std.</summary>
    private static readonly Scalar Background = (-Mnist.MnistNormalization.Mean / Mnist.MnistNormalization.Std).ToScalar();

    /// <summary>The augmented batch (a new tensor in the current dispose scope); <paramref name="x"/> is [N, 1, 28, 28], normalised.</summary>
    public static Tensor Apply(Tensor x, Augmentation augmentation, int epochSeed, int batch)
    {
        long n = x.shape[0];
        var theta = Thetas(augmentation, (int)n, new Random(Mix(epochSeed, batch)));
        var grid = F.affine_grid(tensor(theta, [n, 2, 3], x.dtype, x.device), [n, x.shape[1], x.shape[2], x.shape[3]], align_corners: false);
        var moved = F.grid_sample(x.sub(Background), grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        return moved.add_(Background);
    }

    /// <summary>
    /// Per image, the 2×3 map from output to input coordinates (normalised to [−1, 1], x to the right, y down):
    /// input = R(−θ)·(output − t)/s, which draws the image rotated by θ, scaled by s and moved by t.
    /// </summary>
    internal static float[] Thetas(Augmentation a, int count, Random random)
    {
        var theta = new float[count * 6];
        for (int i = 0; i < count; i++)
        {
            double angle = Uniform(random, a.Rotation) * Math.PI / 180, scale = 1 + Uniform(random, a.Zoom);
            double tx = Uniform(random, a.Shift) * 2 / Side, ty = Uniform(random, a.Shift) * 2 / Side;
            double cos = Math.Cos(angle) / scale, sin = Math.Sin(angle) / scale;
            var row = theta.AsSpan(i * 6, 6);
            row[0] = (float)cos; row[1] = (float)sin; row[2] = (float)(-(cos * tx + sin * ty));
            row[3] = (float)-sin; row[4] = (float)cos; row[5] = (float)(sin * tx - cos * ty);
        }
        return theta;
    }

    private static double Uniform(Random random, double limit) => (random.NextDouble() * 2 - 1) * limit;

    /// <summary>A well-spread generator seed for (epoch seed, batch): SplitMix64's finaliser.</summary>
    internal static int Mix(int epochSeed, int batch)
    {
        ulong z = unchecked(((ulong)(uint)epochSeed << 32 | (uint)batch) + 0x9E3779B97F4A7C15);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return (int)(z ^ (z >> 31));
    }
}
