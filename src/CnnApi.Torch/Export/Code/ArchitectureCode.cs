using CnnApi.Torch.Networks;

namespace CnnApi.Torch.Export.Code;

/// <summary>Source code that builds an architecture elsewhere: the text, its media type and a file name.</summary>
public sealed record GeneratedCode(string Text, string ContentType, string FileName);

/// <summary>The code generators by format name: <c>pytorch</c>, <c>keras</c> and <c>torchsharp</c>.</summary>
public static class ArchitectureCode
{
    public static IReadOnlyList<string> Formats { get; } = ["pytorch", "keras", "torchsharp"];

    /// <summary>True when <paramref name="format"/> names a generator (case-insensitive).</summary>
    public static bool IsFormat(string? format) => Formats.Contains(format?.ToLowerInvariant());

    /// <summary>The code of <paramref name="layers"/> in <paramref name="format"/> (one of <see cref="Formats"/>).</summary>
    public static GeneratedCode Generate(string format, string architectureName, IReadOnlyList<NetworkLayer> layers)
    {
        var stem = new string(architectureName.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        if (stem.Length == 0) stem = "model";
        return format.ToLowerInvariant() switch
        {
            "pytorch" => new(PyTorchCode.Generate(architectureName, layers), "text/x-python", $"{stem}_pytorch.py"),
            "keras" => new(KerasCode.Generate(architectureName, layers), "text/x-python", $"{stem}_keras.py"),
            "torchsharp" => new(TorchSharpCode.Generate(architectureName, layers), "text/x-csharp", $"{ToPascal(stem)}Net.cs"),
            _ => throw new ArgumentException($"unknown code format '{format}'", nameof(format)),
        };
    }

    private static string ToPascal(string stem) =>
        string.Concat(stem.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
