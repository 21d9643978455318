using System.Text.Json;

namespace CnnApi.Errors;

/// <summary>JSON paths as the contract writes them: <c>layers[2].kernelSize</c>, no leading <c>$</c>.</summary>
public static class JsonPaths
{
    /// <summary>Prefixes a path: ("a", "layers[0]") → "a.layers[0]"; ("a", "") → "a"; ("", "x") → "x".</summary>
    public static string Join(string prefix, string path) =>
        prefix.Length == 0 ? path : path.Length == 0 ? prefix : path.StartsWith('[') ? prefix + path : $"{prefix}.{path}";

    /// <summary>The offending path of a System.Text.Json error ("$.epochs" → "epochs"; "$" → "").</summary>
    public static string FromJsonException(JsonException e) =>
        e.Path is { } path ? path.TrimStart('$').TrimStart('.') : "";
}
