using CnnApi.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training;

/// <summary>
/// A job's random streams. Initial weights come from torch's global generator, seeded and drawn under one lock so that
/// jobs starting at once on other threads cannot interleave their draws. Everything drawn while training (dropout,
/// noise, augmentation) comes from the job's own <see cref="Generator"/>, seeded from (seed, epoch) at each epoch start
/// and made current for each batch (<see cref="JobRandom"/>): jobs training at once never share a stream.
/// </summary>
internal static class TorchRandom
{
    private static readonly Lock Initialisation = new();

    /// <summary>Seeds the global generator and builds (initialises) the network while no other job can draw from it.</summary>
    public static T Initialised<T>(int seed, Device device, Func<T> build)
    {
        lock (Initialisation)
        {
            manual_seed(seed);
            if (device.type == DeviceType.CUDA) cuda.manual_seed_all(seed);
            return build();
        }
    }

    /// <summary>The job's generator for one epoch: seeded from the epoch's seed, or continuing a saved state inside it.</summary>
    public static Generator ForEpoch(int epochSeed, Device device, byte[]? state)
    {
        var generator = new Generator(unchecked((ulong)epochSeed), device);
        if (state is not null)
        {
            using var tensor = TorchSharp.torch.tensor(state, dtype: ScalarType.Byte);
            generator.set_state(tensor);
        }
        return generator;
    }

    /// <summary>The generator's state, saved in a checkpoint taken inside an epoch.</summary>
    public static byte[] Save(Generator generator)
    {
        using var state = generator.get_state();
        return state.data<byte>().ToArray();
    }
}
