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

    public static long[] ModuleShape(Layer layer, long[] shape) =>
        layer is SpatialLayer { ChannelsFirst: true } && shape.Length == 3 ? [shape[1], shape[2], shape[0]] : shape;

    private static (string Var, long[] Shape) Walk(IReadOnlyList<NetworkLayer> layers, string prefix, (string Var, long[] Shape) input,
        bool dropFinalSoftmax, List<CodeStep> steps, ref int counter)
    {
        var inputName = layers.FirstOrDefault(l => l.Layer is InputLayer)?.Name ?? "input";
        var outputs = new Dictionary<string, (string Var, long[] Shape)>(StringComparer.Ordinal) { [inputName] = input };
        var previous = inputName;
        var last = input;
        for (var i = 0; i < layers.Count; i++)
        {
            var (name, layer, shape, outputShape) = layers[i];
            if (layer is InputLayer) continue;
            var inputs = (layers[i].Inputs ?? [previous]).Select(n => outputs[n]).ToList();
            previous = name;
            var isLast = i == layers.Count - 1 && dropFinalSoftmax;
            var resultShape = outputShape ?? throw new ArgumentException($"layer {name}: its output shape is needed");
            if (isLast && NetworkBuilder.IsSoftmax(layer, shape.Length))
            {
                outputs[name] = last = inputs[0];
                continue;
            }
            if (isLast) layer = WithoutSoftmax(layer);
            if (layer is NestedModel nested)
            {
                var inner = nested.Summarize(shape).Summary ?? throw new ArgumentException($"layer {name}: the nested model does not fit");
                outputs[name] = last = Walk(NetworkLayers.From(inner), prefix + name + ".", inputs[0], false, steps, ref counter);
                continue;
            }
            var owner = StateTensors.For(layer, ModuleShape(layer, shape)).Count == 0 ? null
                : prefix + name + (layer is SpatialLayer { ChannelsFirst: true } ? ".inner" : "");
            var variable = "x" + ++counter;
            steps.Add(new CodeStep(name, owner, layer, inputs.Select(x => x.Var).ToList(), inputs.Select(x => x.Shape).ToList(), variable, resultShape));
            outputs[name] = last = (variable, resultShape);
        }
        return last;
    }

    private static Layer WithoutSoftmax(Layer layer) => layer switch
    {
        Dense { Activation: ActivationKind.Softmax } d => d with { Activation = ActivationKind.Linear },
        Conv2D { Activation: ActivationKind.Softmax } c => c with { Activation = ActivationKind.Linear },
        SeparableConv2D { Activation: ActivationKind.Softmax } s => s with { Activation = ActivationKind.Linear },
        DepthwiseConv2D { Activation: ActivationKind.Softmax } d => d with { Activation = ActivationKind.Linear },
        Conv2DTranspose { Activation: ActivationKind.Softmax } t => t with { Activation = ActivationKind.Linear },
        _ => layer,
    };
}
