using CnnApi.Architectures.Layers;
using CnnApi.Torch.Networks;

namespace CnnApi.Torch.Export.Code;

/// <summary>
/// One layer of the network as the code generators write it: <see cref="Owner"/> is where its weights live in the
/// state_dict (<c>conv2d</c>, <c>block.conv2d_1</c>, <c>conv2d.inner</c> for a channels_first layer), <see cref="Inputs"/>
/// and <see cref="Output"/> the variables it reads and writes, with their Keras shapes (no batch dimension).
/// <see cref="Layer"/> is the layer as <see cref="NetworkBuilder"/> runs it (a final softmax already turned linear).
/// </summary>
internal sealed record CodeStep(string Name, string? Owner, Layer Layer, IReadOnlyList<string> Inputs,
    IReadOnlyList<long[]> InputShapes, string Output, long[] OutputShape)
{
    /// <summary>The input shape the layer's own module sees: channels-last even for a channels_first layer.</summary>
    public long[] ModuleShape => CodeGraph.ModuleShape(Layer, InputShapes[0]);

    public bool ChannelsFirst => Layer is SpatialLayer { ChannelsFirst: true };

    /// <summary>False for a shared layer's later calls: they reuse the weights (and Keras layer object) of the first.</summary>
    public bool IsFirstCall { get; init; } = true;
}

/// <summary>
/// Walks a network the way <see cref="NetworkBuilder"/> builds it (topological order, nested models inlined under their
/// name, the final softmax left out: the generated code applies softmax to the logits) into <see cref="CodeStep"/>s
/// with variables <c>x0</c> (the normalised input), <c>x1</c>, …
/// </summary>
internal static class CodeGraph
{
    public const string Input = "x0";

    /// <summary>The steps and the variable holding the logits.</summary>
    public static (IReadOnlyList<CodeStep> Steps, string Logits, long[] LogitsShape) Walk(IReadOnlyList<NetworkLayer> layers)
    {
        var steps = new List<CodeStep>();
        var counter = 0;
        var (output, shape) = Walk(layers, "", (Input, layers[0].InputShape), dropFinalSoftmax: true, steps, ref counter);
        return (steps, output, shape);
    }

    /// <summary>
    /// The [N, 1, 28, 28] pixels in the network's layout (<see cref="Layout"/>), written by <paramref name="write"/> from a reshape
    /// and an optional permutation: NCHW as is for a channels_last model; a channels_first model's Keras [C, H, W] is held as
    /// [N, W, C, H], so the NCHW pixels are permuted (0, 3, 1, 2) as <see cref="KerasNetwork"/> does on entry.
    /// </summary>
    public static string InputExpression(IReadOnlyList<NetworkLayer> layers, Func<string, string?, string> write)
    {
        var channelsFirst = NetworkBuilder.ChannelsFirst(layers);
        var shape = channelsFirst ? [-1, .. layers[0].InputShape] : Layout.TorchShape(layers[0].InputShape, -1);
        return write(string.Join(", ", shape), channelsFirst ? "0, 3, 1, 2" : null);
    }

    public static long[] ModuleShape(Layer layer, long[] shape) =>
        layer is SpatialLayer { ChannelsFirst: true } && shape.Length == 3 ? [shape[1], shape[2], shape[0]] : shape;

    private static (string Var, long[] Shape) Walk(IReadOnlyList<NetworkLayer> layers, string prefix, (string Var, long[] Shape) input,
        bool dropFinalSoftmax, List<CodeStep> steps, ref int counter)
    {
        var outputs = new Dictionary<string, (string Var, long[] Shape)>(StringComparer.Ordinal) { [NetworkCalls.InputName(layers)] = input };
        var last = input;
        foreach (var call in NetworkCalls.Of(layers))
        {
            var (name, layer, shape, outputShape) = call.Layer;
            var inputs = call.Inputs.Select(n => outputs[n]).ToList();
            var isLast = call.IsLast && dropFinalSoftmax;
            var resultShape = outputShape ?? throw new ArgumentException($"layer {name}: its output shape is needed");
            if (isLast && NetworkBuilder.IsSoftmax(layer, shape.Length))
            {
                outputs[call.Key] = last = inputs[0];
                continue;
            }
            if (isLast) layer = NetworkBuilder.WithoutSoftmax(layer);
            if (layer is NestedModel nested)
            {
                // Inlined at each call under the same name: a shared nested model's calls use the same weights. As the model's
                // last layer it drops its own final softmax, as NetworkBuilder builds it.
                var inner = nested.Summarize(shape).Summary ?? throw new ArgumentException($"layer {name}: the nested model does not fit");
                outputs[call.Key] = last = Walk(NetworkLayers.From(inner), prefix + name + ".", inputs[0], isLast, steps, ref counter);
                continue;
            }
            var owner = StateTensors.For(layer, ModuleShape(layer, shape)).Count == 0 ? null
                : prefix + name + (layer is SpatialLayer { ChannelsFirst: true } ? ".inner" : "");
            var variable = "x" + ++counter;
            steps.Add(new CodeStep(call.Key, owner, layer, inputs.Select(x => x.Var).ToList(), inputs.Select(x => x.Shape).ToList(), variable, resultShape)
                { IsFirstCall = call.IsFirst });
            outputs[call.Key] = last = (variable, resultShape);
        }
        return last;
    }
}
