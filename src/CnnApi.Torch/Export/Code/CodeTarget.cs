using System.Globalization;
using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Export.Code;

/// <summary>
/// The syntax of one target language for the tensor operations <see cref="LayerCode"/> writes: each method returns an
/// expression. PyTorch (Python) and TorchSharp (C#) name the same libtorch functions, so one walk serves both.
/// </summary>
internal abstract class CodeTarget
{
    /// <summary>The expression reading tensor <paramref name="name"/> of the weights at <paramref name="owner"/>.</summary>
    public abstract string Weight(string owner, string name);
    public abstract string None { get; }
    public abstract string Training { get; }
    public abstract string Longs(IEnumerable<long> values);
    public abstract string Pad(string x, long[] leftRightTopBottom, bool negativeInfinity = false);
    public abstract string Conv2d(string x, string w, string b, long[] stride, long[] padding, long[] dilation, long groups = 1);
    public abstract string ConvTranspose2d(string x, string w, string b, long[] stride, long[] outputPadding, long[] dilation);
    public abstract string Linear(string x, string w, string b);
    public abstract string Pool(PoolKind kind, string x, long[] kernel, long[] stride);
    public abstract string BatchNorm(string x, string mean, string variance, string w, string b, double momentum, double epsilon);
    public abstract string Interpolate(string x, long height, long width, bool bilinear);
    public abstract string Reduce(string x, string function, long[] dims, bool keepDim);
    public abstract string Cat(IEnumerable<string> xs, long dim);
    public abstract string Where(string condition, string a, string b);
    public abstract string Binary(string function, string a, string b);
    public abstract string Function(string function, string x, params string[] arguments);
    public abstract string Ones(long height, long width, string like);
    public abstract string GreaterOrEqual(string x, double threshold);
    public abstract string IfTraining(string whileTraining, string otherwise);

    public string Method(string x, string method, params string[] arguments) => $"{x}.{method}({string.Join(", ", arguments)})";

    public string Permute(string x, params long[] dims) => Method(x, "permute", dims.Select(Num).ToArray());

    public string Narrow(string x, long dim, long start, long length) => Method(x, "narrow", Num(dim), Num(start), Num(length));

    public string Activation(string x, ActivationKind kind) => kind switch
    {
        ActivationKind.Linear => x,
        ActivationKind.Relu => Function("relu", x),
        ActivationKind.Sigmoid => Function("sigmoid", x),
        ActivationKind.Tanh => Function("tanh", x),
        ActivationKind.Softmax => Function("softmax", x, "1"),
        ActivationKind.Elu => Function("elu", x, Num(1.0)),
        ActivationKind.Selu => Function("selu", x),
        ActivationKind.Gelu => Function("gelu", x),
        // Keras 3's leaky_relu activation: negative slope 0.2.
        ActivationKind.LeakyRelu => Function("leaky_relu", x, Num(0.2)),
        ActivationKind.Silu => Function("silu", x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown activation"),
    };

    /// <summary>A string literal both languages read: backslash, quote and control characters escaped (\uXXXX).</summary>
    public static string Quote(string text) => "\"" + string.Concat(text.Select(c => c switch
    {
        '\\' => "\\\\",
        '"' => "\\\"",
        _ when char.IsControl(c) || c is '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    })) + "\"";

    /// <summary>A layer name fit for a one-line comment: control characters replaced.</summary>
    public static string Comment(string text) => new(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? '?' : c).ToArray());

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double literal both languages read back exactly (round-trip digits, always with a point or exponent).</summary>
    public static string Num(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }
}
