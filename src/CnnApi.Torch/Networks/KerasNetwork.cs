using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Networks;

/// <summary>
/// The TorchSharp network of a Keras architecture, a straight line or a graph: its children carry the Keras layer
/// names (saved weights are keyed <c>conv2d.weight</c>, <c>block.conv2d_1.bias</c>, …) and run in topological order,
/// each on the outputs it names. An intermediate output is disposed once its last reader has run.
/// Images enter as torch's NCHW, [N, C, H, W], whatever the model's data format: a channels_last model's
/// [H, W, C] input is held that way already (see <see cref="Layout"/>); a channels_first model's [C, H, W] input is
/// Keras-ordered NCHW and is moved into <see cref="Layout"/>'s form on entry (<see cref="ChannelsFirstInput"/>).
/// </summary>
public sealed class KerasNetwork : nn.Module<Tensor, Tensor>
{
    private readonly string _input;
    private readonly List<Node> _nodes;
    private readonly Dictionary<string, int> _readers = new(StringComparer.Ordinal);

    /// <summary>One layer: its name, the names it reads, and how it computes.</summary>
    internal sealed record Node(string Name, IReadOnlyList<string> Inputs, Func<IReadOnlyList<Tensor>, Tensor> Forward);

    internal KerasNetwork(string name, string input, List<Node> nodes, IEnumerable<(string Name, nn.Module Module)> modules) : base(name)
    {
        _input = input;
        _nodes = nodes;
        foreach (var (childName, module) in modules)
            register_module(childName, module);
        foreach (var node in nodes)
        {
            foreach (var reader in node.Inputs)
                _readers[reader] = _readers.GetValueOrDefault(reader) + 1;
        }
    }

    /// <summary>The model's input is channels_first [C, H, W] (its first layer that reads a data format says so).</summary>
    internal bool ChannelsFirstInput { get; init; }

    /// <summary>
    /// A one-channel image batch [N, 1, H, W] seen through NHWC strides: the same bytes (a view, no copy), but libtorch's
    /// convolutions then pick their channels_last kernels and keep that memory format downstream, forward and backward
    /// (Keras's channels-last Flatten becomes a view too). Measured 1.14–1.28× faster training of seed-valid on this CPU
    /// (docs/benchmarks.md, "Headroom"). Values are the same; only oneDNN's summation order differs (float rounding).
    /// </summary>
    private static Tensor ChannelsLastView(Tensor x) =>
        x.dim() == 4 && x.shape[1] == 1 && x.is_contiguous() ? x.view(x.shape[0], x.shape[2], x.shape[3], 1).permute(0, 3, 1, 2) : x;

    public override Tensor forward(Tensor x)
    {
        var given = x;
        if (ChannelsFirstInput && x.dim() == 4)
            x = Layout.FromKeras(x);
        x = ChannelsLastView(x);
        try
        {
            return Run(x);
        }
        finally
        {
            // The views made here are handles of ours (autograd keeps what it needs by itself).
            if (!ReferenceEquals(x, given)) x.Dispose();
        }
    }

    private Tensor Run(Tensor x)
    {
        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [_input] = x };
        var left = new Dictionary<string, int>(_readers, StringComparer.Ordinal);
        Tensor last = x;
        foreach (var node in _nodes)
        {
            var inputs = node.Inputs.Select(n => outputs[n]).ToList();
            var y = node.Forward(inputs);
            // An identity hands on a new handle: its input may be disposed below while the output lives on.
            if (inputs.Any(i => ReferenceEquals(i, y)))
                y = y.alias();
            outputs[node.Name] = y;
            last = y;
            foreach (var n in node.Inputs.Distinct())
            {
                if (--left[n] == 0 && n != _input)
                    outputs[n].Dispose();
            }
        }
        return ReferenceEquals(last, x) ? x.alias() : last;
    }
}
