using CnnApi.Architectures.Layers;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace CnnApi.Torch.Export.Onnx;

/// <summary>
/// Writes a trained MNIST network as a standard ONNX model (opset 17): input <c>image</c> [N, 28, 28, 1] float32,
/// pixels 0–1 with the ink high; <see cref="MnistNormalization"/> inside the graph; output <c>probabilities</c>
/// [N, 10]. The graph mirrors <see cref="NetworkBuilder"/> layer by layer and holds tensors as <see cref="Layout"/>
/// does (a channels-last image as NCHW), so each weight goes in exactly as torch holds it. The bytes depend only on
/// the architecture and the weights: the same model always exports to the same file (same SHA-256).
/// </summary>
public static class OnnxExport
{
    public const string InputName = "image";
    public const string OutputName = "probabilities";

    /// <summary>Writes the ONNX model of <paramref name="network"/> (built from <paramref name="layers"/>, weights loaded).</summary>
    public static void Write(KerasNetwork network, IReadOnlyList<NetworkLayer> layers, Stream output) =>
        Build(network, layers).WriteTo(output);

    /// <summary>The ONNX model as bytes.</summary>
    public static byte[] ToBytes(KerasNetwork network, IReadOnlyList<NetworkLayer> layers) => Build(network, layers).ToByteArray();

    internal static ModelProto Build(KerasNetwork network, IReadOnlyList<NetworkLayer> layers)
    {
        var channelsFirst = layers.Count > 0 && NetworkBuilder.ChannelsFirst(layers);
        if (layers.Count == 0 || !layers[0].InputShape.SequenceEqual(channelsFirst ? [1L, 28, 28] : [28L, 28, 1]) || layers[^1].OutputShape is not [10])
            throw new ArgumentException("the network must take [28, 28, 1] (or channels_first [1, 28, 28]) images and output 10 values", nameof(layers));
        if (layers.Any(l => l.OutputShape is null))
            throw new ArgumentException("every layer needs its output shape (build the layers with NetworkLayers.From)", nameof(layers));
        var graph = new OnnxGraph();
        var weights = Weights(network);
        var emitter = new OnnxLayers(graph, weights);

        graph.Input(InputName, "N", 28, 28, 1);
        var centred = graph.Node("input", "Sub", [InputName, graph.Scalar("input", "mean", MnistNormalization.Mean)]);
        var normalised = graph.Node("input", "Div", [centred, graph.Scalar("input", "std", MnistNormalization.Std)]);
        // Into Layout's form: NHWC → NCHW for a channels_last model; for a channels_first one, whose Keras input is
        // [C, H, W], the torch tensor [N, W, C, H] (KerasNetwork moves its NCHW input there the same way).
        var held = graph.Node("input", "Transpose", normalised, channelsFirst ? OnnxGraph.Ints("perm", 0, 2, 3, 1) : OnnxGraph.Ints("perm", 0, 3, 1, 2));

        var logits = emitter.Sequence("", layers, new OnnxValue(held, 4), dropFinalSoftmax: true);
        graph.NodeTo(OutputName, "Softmax", [logits.Name], OnnxGraph.Int("axis", 1));
        graph.Output(OutputName, "N", 10);
        return graph.ToModel($"CnnApi MNIST classifier: {InputName} [N, 28, 28, 1] float32 pixels 0-1 (ink high), normalised inside " +
            $"(mean {MnistNormalization.Mean}, std {MnistNormalization.Std}); {OutputName} [N, 10].");
    }

    /// <summary>The network's parameters and buffers as float arrays, by their state-dict names.</summary>
    private static Dictionary<string, OnnxWeight> Weights(KerasNetwork network)
    {
        var result = new Dictionary<string, OnnxWeight>(StringComparer.Ordinal);
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in network.state_dict())
            result[name] = new(tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray(), tensor.shape);
        return result;
    }
}

/// <summary>A tensor of the graph and its rank in torch's layout (the Keras rank plus the batch).</summary>
internal readonly record struct OnnxValue(string Name, int Rank);

/// <summary>A parameter or buffer of the network: its values (row-major) and its torch shape.</summary>
internal sealed record OnnxWeight(float[] Data, long[] Shape);
