using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training;

/// <summary>Seeding and saving torch's global generator, the one dropout draws from.</summary>
internal static class TorchRandom
{
    public static void Seed(int seed, Device device)
    {
        manual_seed(seed);
        if (device.type == DeviceType.CUDA) cuda.manual_seed_all(seed);
    }

    /// <summary>
    /// The CPU generator's state. On CUDA, dropout draws from the device generator, which TorchSharp cannot
    /// save: a mid-epoch resume there repeats the shuffle order but not the remaining dropout masks.
    /// </summary>
    public static byte[] Save()
    {
        using var state = random.get_rng_state();
        return state.data<byte>().ToArray();
    }

    public static void Restore(byte[] state)
    {
        using var tensor = TorchSharp.torch.tensor(state, dtype: ScalarType.Byte);
        random.set_rng_state(tensor);
    }
}
