using System.IO.Compression;
using CnnApi.Torch.Networks;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace CnnApi.Torch.Export;

/// <summary>
/// A network's weights as a PyTorch <c>state_dict</c> file (what <c>torch.save(model.state_dict(), f)</c> writes and
/// <c>torch.load</c> reads), keyed as the generated PyTorch module names its parameters and buffers: the TorchSharp
/// names (<c>conv2d.weight</c>, <c>block.dense_1.bias</c>, <c>conv2d.inner.weight</c> for channels_first layers).
/// TorchSharp.PyBridge pickles the tensors; its zip carries the time of writing, so the entries are copied into
/// a zip with a fixed time, uncompressed: the same weights always give the same bytes (and the same SHA-256).
/// </summary>
public static class PyTorchStateDict
{
    private static readonly DateTimeOffset Epoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="network"/>'s parameters and buffers (float32, on the CPU) to <paramref name="output"/>.</summary>
    /// <param name="network">The network, loaded with the trained weights.</param>
    /// <param name="layers">Its layers (the model's architecture); the state_dict names come from the network itself.</param>
    /// <param name="output">Where the file goes; left open.</param>
    public static void Write(KerasNetwork network, IReadOnlyList<NetworkLayer> layers, Stream output)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(layers);
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in network.state_dict())
            state[name] = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
        using var pickled = new MemoryStream();
        PyTorchPickler.PickleStateDict(pickled, state, leaveOpen: true);
        pickled.Position = 0;
        CopyWithFixedTimes(pickled, output);
    }

    private static void CopyWithFixedTimes(Stream source, Stream output)
    {
        using var input = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
        using var copy = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in input.Entries)
        {
            var target = copy.CreateEntry(entry.FullName, CompressionLevel.NoCompression);
            target.LastWriteTime = Epoch;
            using var from = entry.Open();
            using var to = target.Open();
            from.CopyTo(to);
        }
    }
}
