using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Networks;

/// <summary>
/// The generator the random layers (dropout, noise, augmentation) draw from on this thread: a training job's own
/// <see cref="Generator"/>, set by the trainer around each batch, so that jobs training at once on other threads never
/// shift each other's random stream. Null outside a job: the layers then draw from torch's global generator.
/// </summary>
internal static class JobRandom
{
    [ThreadStatic] private static Generator? _current;

    public static Generator? Current => _current;

    /// <summary>Makes <paramref name="generator"/> this thread's until the returned scope is disposed.</summary>
    public static Scope Use(Generator generator)
    {
        var previous = _current;
        _current = generator;
        return new Scope(previous);
    }

    public readonly struct Scope(Generator? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }

    /// <summary>Uniform [0, 1) of <paramref name="shape"/>, like <paramref name="like"/>'s dtype and device.</summary>
    public static Tensor Uniform(long[] shape, Tensor like) => rand(shape, dtype: like.dtype, device: like.device, generator: _current);

    /// <summary>Standard normal values shaped, typed and placed like <paramref name="like"/>.</summary>
    public static Tensor Normal(Tensor like) => randn(like.shape, dtype: like.dtype, device: like.device, generator: _current);

    /// <summary>
    /// Inverted dropout: each element of a <paramref name="maskShape"/> mask (broadcast over <paramref name="x"/>) keeps
    /// with probability 1 − <paramref name="rate"/>, kept values scaled by 1/(1 − rate), as torch's dropout does.
    /// </summary>
    public static Tensor Dropout(Tensor x, double rate, long[] maskShape)
    {
        if (rate <= 0) return x.alias();
        if (rate >= 1) return zeros_like(x);
        using var threshold = rate.ToScalar();
        using var keepRate = (1 - rate).ToScalar();
        using var keep = Uniform(maskShape, x).ge_(threshold);
        using var scaled = keep.to(x.dtype).div_(keepRate);
        return x * scaled;
    }
}
