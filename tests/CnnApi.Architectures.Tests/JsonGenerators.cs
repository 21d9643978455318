using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace CnnApi.Architectures.Tests;

/// <summary>
/// Random JSON for property tests: arbitrary trees whose keys and strings lean towards the words the readers look
/// for (so the fuzzing reaches deep into both dialects), and random but well-formed layer stacks.
/// </summary>
internal static class JsonGenerators
{
    private static readonly string[] Keys =
    [
        "name", "inputShape", "input_shape", "layers", "type", "filters", "kernelSize", "kernel_size", "strides", "padding",
        "activation", "useBias", "dilationRate", "poolSize", "units", "rate", "epsilon", "center", "scale", "trainable",
        "class_name", "config", "batch_shape", "batch_input_shape", "build_config", "input_shape", "data_format", "axis",
        "groups", "lora_rank", "keras_version", "modelTopology", "model_config", "x",
    ];

    private static readonly string[] Words =
    [
        "Sequential", "Conv2D", "Dense", "MaxPooling2D", "AveragePooling2D", "BatchNormalization", "Flatten", "Dropout",
        "Activation", "GlobalMaxPooling2D", "GlobalAveragePooling2D", "InputLayer", "Lambda", "valid", "same", "relu",
        "softmax", "channels_first", "channels_last", "1.2.1", "", "swish",
    ];

    /// <summary>Free-form trees, and documents shaped like each dialect with random contents in every slot.</summary>
    public static Gen<string> Json() => Gen.Frequency(
        (1, Gen.Sized(size => Value(Math.Min(size, 6)))), (2, KerasDocument()), (2, SpecDocument()));

    private static Gen<string> Members(int depth) =>
        Gen.ListOf(Gen.Zip(Gen.Elements(Keys), Value(depth)).Select(kv => $"\"{kv.Item1}\":{kv.Item2}"))
            .Select(members => string.Join(",", members.Take(8)));

    private static Gen<string> SpecDocument() =>
        from members in Members(2)
        from layers in Gen.ListOf(from type in Gen.Elements(Words) from rest in Members(1) select $$"""{"type":"{{type}}"{{(rest.Length > 0 ? "," : "")}}{{rest}}}""")
        from shape in Gen.Elements("[28,28,1]", "[3,3,1]", "[1,1,64]", "[4096,4096,64]", "[28,28]", "null")
        select $$"""{"inputShape":{{shape}},"layers":[{{string.Join(",", layers.Take(10))}}]{{(members.Length > 0 ? "," : "")}}{{members}}}""";

    private static Gen<string> KerasDocument() =>
        from className in Gen.Frequency((5, Gen.Constant("Sequential")), (1, Gen.Elements(Words)))
        from layers in Gen.ListOf(
            from cls in Gen.Elements(Words)
            from config in Members(1)
            from shape in Gen.Elements("", "\"batch_shape\":[null,28,28,1],", "\"batch_input_shape\":[null,8,8,3],", "\"batch_shape\":[null,2,2],")
            select "{\"class_name\":\"" + cls + "\",\"config\":{" + (shape + config).TrimEnd(',') + "}}")
        from list in Gen.Elements(true, false)
        from version in Gen.Elements("", ",\"keras_version\":\"2.2.4\"", ",\"keras_version\":\"1.2.1\"")
        let items = $"[{string.Join(",", layers.Take(10))}]"
        select $$"""{"class_name":"{{className}}","config":{{(list ? items : $$"""{"name":"m","layers":{{items}}}""")}}{{version}}}""";

    private static Gen<string> Value(int depth)
    {
        var leaf = Gen.OneOf(
            Gen.Choose(-5, 40).Select(n => n.ToString(CultureInfo.InvariantCulture)),
            Gen.Elements("0", "1", "2", "3", "4096", "4097", "1e400", "-1e308", "0.5", "2.5", "9223372036854775808", "-0"),
            Gen.Elements(Words).Select(w => $"\"{w}\""),
            Gen.Elements("null", "true", "false", "[]", "{}", "[null, 28, 28, 1]", "[3, 3]", "[28, 28, 1]"));
        if (depth <= 0)
            return leaf;
        var array = Gen.ListOf(Value(depth - 1), 0).Select(items => $"[{string.Join(",", items.Take(6))}]");
        var member = Gen.Zip(Gen.Elements(Keys), Value(depth - 1)).Select(kv => $"\"{kv.Item1}\":{kv.Item2}");
        var obj = Gen.ListOf(member).Select(members => $"{{{string.Join(",", members.Take(8))}}}");
        return Gen.Frequency((2, leaf), (2, array), (3, obj));
    }

    /// <summary>Text no reader may accept: raw bytes that are not UTF-8 (a lone surrogate's, an overlong form, a stray continuation, a truncated sequence) and escaped unpaired surrogates.</summary>
    public static readonly byte[][] NotUnicode =
    [
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xC0, 0xAF], [0xFF], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
        "\\ud800"u8.ToArray(), "\\uDFFF"u8.ToArray(), "\\ud83dx"u8.ToArray(), "\\udc00\\ud800"u8.ToArray(),
    ];

    /// <summary>
    /// A document of <see cref="Json"/> as UTF-8 with text that is not Unicode put right after one of its quotes: inside a
    /// string or a property name when the quote opens one, else somewhere the parser must refuse.
    /// </summary>
    public static Gen<byte[]> WithInvalidText() =>
        from json in Json().Where(j => j.Contains('"'))
        from bad in Gen.Elements(NotUnicode)
        from pick in Gen.Choose(0, int.MaxValue)
        let bytes = System.Text.Encoding.UTF8.GetBytes(json)
        let quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == (byte)'"').ToArray()
        let at = quotes[pick % quotes.Length] + 1
        select (byte[])[.. bytes[..at], .. bad, .. bytes[at..]];

    /// <summary>A document of <see cref="Json"/> with one of its object members written twice.</summary>
    public static Gen<string> WithDuplicateProperty() =>
        from member in Gen.Zip(Gen.Elements(Keys), Value(1)).Select(kv => $"\"{kv.Item1}\":{kv.Item2}")
        from json in Gen.Frequency((1, KerasDocument()), (1, SpecDocument()))
        select "{" + member + "," + member + "," + json[1..];

    /// <summary>A well-formed spec of 1–8 random layers on a small input; it may or may not fit.</summary>
    public static Gen<string> Spec() =>
        from h in Gen.Choose(1, 64)
        from w in Gen.Choose(1, 64)
        from c in Gen.Choose(1, 8)
        from layers in Gen.NonEmptyListOf(Layer())
        select Specs.With($"[{h},{w},{c}]", layers.Take(8).ToArray());

    private static Gen<string> Layer() => Gen.OneOf(
        from f in Gen.Choose(1, 16)
        from k in Gen.Choose(1, 5)
        from s in Gen.Choose(1, 3)
        from p in Gen.Elements("valid", "same")
        from b in Gen.Elements("true", "false")
        select $$"""{"type":"Conv2D","filters":{{f}},"kernelSize":{{k}},"strides":{{s}},"padding":"{{p}}","useBias":{{b}}}""",
        from k in Gen.Choose(1, 4)
        from p in Gen.Elements("valid", "same")
        from t in Gen.Elements("MaxPooling2D", "AveragePooling2D")
        select $$"""{"type":"{{t}}","poolSize":{{k}},"padding":"{{p}}"}""",
        Gen.Choose(1, 32).Select(u => $$"""{"type":"Dense","units":{{u}}}"""),
        Gen.Elements(
            """{"type":"BatchNormalization"}""", """{"type":"BatchNormalization","center":false,"trainable":false}""",
            """{"type":"Flatten"}""", """{"type":"Dropout","rate":0.5}""", """{"type":"Activation","activation":"relu"}""",
            """{"type":"GlobalAveragePooling2D"}""", """{"type":"GlobalMaxPooling2D"}"""));
}
