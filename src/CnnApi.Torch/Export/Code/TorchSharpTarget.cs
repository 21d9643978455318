using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Export.Code;

/// <summary>TorchSharp's syntax for <see cref="LayerCode"/>: <c>using static TorchSharp.torch</c>, <c>F</c> = torch.nn.functional.</summary>
internal sealed class TorchSharpTarget(IReadOnlyDictionary<string, string> fields) : CodeTarget
{
    private static readonly HashSet<string> TorchFunctions = ["maximum", "minimum", "randn_like"];

    public override string Weight(string owner, string name) => $"{fields[owner]}[{Quote(name)}]";
    public override string None => "null";
    public override string Training => "training";
    public override string Longs(IEnumerable<long> values) => $"new long[] {{ {string.Join(", ", values.Select(Num))} }}";

    public override string Pad(string x, long[] leftRightTopBottom, bool negativeInfinity = false) =>
        $"F.pad({x}, {Longs(leftRightTopBottom)}{(negativeInfinity ? ", value: double.NegativeInfinity" : "")})";

    public override string Conv2d(string x, string w, string b, long[] stride, long[] padding, long[] dilation, long groups = 1) =>
        $"F.conv2d({x}, {w}, {b}, strides: {Longs(stride)}, padding: {Longs(padding)}, dilation: {Longs(dilation)}{(groups == 1 ? "" : $", groups: {groups}")})";

    public override string ConvTranspose2d(string x, string w, string b, long[] stride, long[] outputPadding, long[] dilation) =>
        $"F.conv_transpose2d({x}, {w}, {b}, strides: {Longs(stride)}, output_padding: {Longs(outputPadding)}, dilation: {Longs(dilation)})";

    public override string Linear(string x, string w, string b) => $"F.linear({x}, {w}, {b})";

    public override string Pool(PoolKind kind, string x, long[] kernel, long[] stride) =>
        $"F.{(kind == PoolKind.Max ? "max_pool2d" : "avg_pool2d")}({x}, {Longs(kernel)}, {Longs(stride)})";

    public override string BatchNorm(string x, string mean, string variance, string w, string b, double momentum, double epsilon) =>
        $"F.batch_norm({x}, {mean}, {variance}, {w}, {b}, training, {Num(momentum)}, {Num(epsilon)})";

    public override string Interpolate(string x, long height, long width, bool bilinear) => bilinear
        ? $"F.interpolate({x}, size: new long[] {{ {height}, {width} }}, mode: InterpolationMode.Bilinear, align_corners: false)"
        : $"F.interpolate({x}, size: new long[] {{ {height}, {width} }}, mode: InterpolationMode.Nearest)";

    public override string Reduce(string x, string function, long[] dims, bool keepDim) =>
        $"{x}.{function}({Longs(dims)}{(keepDim ? ", keepdim: true" : "")})";

    public override string Cat(IEnumerable<string> xs, long dim) => $"cat(new[] {{ {string.Join(", ", xs)} }}, {dim})";
    public override string Where(string condition, string a, string b) => $"where({condition}, {a}, {b})";
    public override string Binary(string function, string a, string b) => $"({a} {function} {b})";

    public override string Function(string function, string x, params string[] arguments) =>
        $"{(TorchFunctions.Contains(function) ? "" : "F.")}{function}({string.Join(", ", [x, .. arguments])})";

    public override string Ones(long height, long width, string like) => $"ones(1, 1, {height}, {width}, dtype: {like}.dtype, device: {like}.device)";
    public override string GreaterOrEqual(string x, double threshold) => $"{x}.ge({Num(threshold)})";
    public override string IfTraining(string whileTraining, string otherwise) => $"(training ? {whileTraining} : {otherwise})";
}
