using System.Text.RegularExpressions;
using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Export.Code;

/// <summary>PyTorch's syntax for <see cref="LayerCode"/>: <c>torch</c>, <c>F</c> (torch.nn.functional), weights under <c>self</c>.</summary>
internal sealed partial class PyTorchTarget : CodeTarget
{
    private static readonly HashSet<string> Keywords =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield",
    ];

    private static readonly HashSet<string> TorchFunctions = ["sigmoid", "tanh", "maximum", "minimum", "randn_like"];

    /// <summary><c>owner.name</c>, or <c>getattr(owner, "name")</c> where the name is not a Python identifier.</summary>
    public static string Attribute(string owner, string name) =>
        Identifier().IsMatch(name) && !Keywords.Contains(name) ? $"{owner}.{name}" : $"getattr({owner}, {Quote(name)})";

    public static string Path(string path) => path.Split('.').Aggregate("self", Attribute);

    public static string Tuple(IEnumerable<long> values)
    {
        var items = values.Select(Num).ToList();
        return items.Count == 1 ? $"({items[0]},)" : $"({string.Join(", ", items)})";
    }

    public override string Weight(string owner, string name) => Attribute(Path(owner), name);
    public override string None => "None";
    public override string Training => "self.training";
    public override string Longs(IEnumerable<long> values) => Tuple(values);

    public override string Pad(string x, long[] leftRightTopBottom, bool negativeInfinity = false) =>
        $"F.pad({x}, {Tuple(leftRightTopBottom)}{(negativeInfinity ? ", value=float(\"-inf\")" : "")})";

    public override string Conv2d(string x, string w, string b, long[] stride, long[] padding, long[] dilation, long groups = 1) =>
        $"F.conv2d({x}, {w}, {b}, stride={Tuple(stride)}, padding={Tuple(padding)}, dilation={Tuple(dilation)}{(groups == 1 ? "" : $", groups={groups}")})";

    public override string ConvTranspose2d(string x, string w, string b, long[] stride, long[] outputPadding, long[] dilation) =>
        $"F.conv_transpose2d({x}, {w}, {b}, stride={Tuple(stride)}, output_padding={Tuple(outputPadding)}, dilation={Tuple(dilation)})";

    public override string Linear(string x, string w, string b) => $"F.linear({x}, {w}, {b})";

    public override string Pool(PoolKind kind, string x, long[] kernel, long[] stride) =>
        $"F.{(kind == PoolKind.Max ? "max_pool2d" : "avg_pool2d")}({x}, {Tuple(kernel)}, {Tuple(stride)})";

    public override string BatchNorm(string x, string mean, string variance, string w, string b, double momentum, double epsilon) =>
        $"F.batch_norm({x}, {mean}, {variance}, {w}, {b}, {Training}, {Num(momentum)}, {Num(epsilon)})";

    public override string Interpolate(string x, long height, long width, bool bilinear) => bilinear
        ? $"F.interpolate({x}, size=({height}, {width}), mode=\"bilinear\", align_corners=False)"
        : $"F.interpolate({x}, size=({height}, {width}), mode=\"nearest\")";

    public override string Reduce(string x, string function, long[] dims, bool keepDim) =>
        $"{x}.{function}({Tuple(dims)}{(keepDim ? ", keepdim=True" : "")})";

    public override string Cat(IEnumerable<string> xs, long dim) => $"torch.cat([{string.Join(", ", xs)}], dim={dim})";
    public override string Where(string condition, string a, string b) => $"torch.where({condition}, {a}, {b})";
    public override string Binary(string function, string a, string b) => $"({a} {function} {b})";

    public override string Function(string function, string x, params string[] arguments) =>
        $"{(TorchFunctions.Contains(function) ? "torch" : "F")}.{function}({string.Join(", ", [x, .. arguments])})";

    public override string Ones(long height, long width, string like) => $"torch.ones(1, 1, {height}, {width}, dtype={like}.dtype, device={like}.device)";
    public override string GreaterOrEqual(string x, double threshold) => $"({x} >= {Num(threshold)})";
    public override string IfTraining(string whileTraining, string otherwise) => $"({whileTraining} if self.training else {otherwise})";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
