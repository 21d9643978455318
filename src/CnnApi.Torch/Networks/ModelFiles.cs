using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Networks;

/// <summary>
/// Trained weights on disk in TorchSharp's format (<c>module.save</c>), keyed by the Keras layer names.
/// The architecture is not in the file: keep it beside the weights and rebuild with it.
/// </summary>
public static class ModelFiles
{
    /// <summary>Saves atomically (temp file + rename) and returns the file's SHA-256, lower-case hex.</summary>
    public static string Save(nn.Module module, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            module.save(writer);
        }, FileSteps.WeightsWrite);
        return Sha256(path);
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Rebuilds the network of <paramref name="layers"/> and loads the weights at <paramref name="path"/> (strict:
    /// every name must match). Draws nothing from torch's random generator (no initialisation before the load).
    /// </summary>
    public static KerasNetwork Load(IReadOnlyList<NetworkLayer> layers, string path, string device = "cpu")
    {
        var network = NetworkBuilder.Build(layers, initialize: false);
        try
        {
            network.load(path, strict: true);
            network.to(new torch.Device(device));
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
