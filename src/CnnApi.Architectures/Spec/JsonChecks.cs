using System.Text.Json;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// What <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> lets through but no reader should see:
/// text that is not Unicode (invalid UTF-8 bytes, or an escaped lone surrogate such as <c>"\uD800"</c>, which throw
/// only when the string is read) and a property given twice in one object (which one wins is the reader's guess).
/// Each problem carries its JSON path; at most <see cref="MaxErrors"/> are listed.
/// </summary>
public static class JsonChecks
{
    public const int MaxErrors = 20;

    public const string NotUnicode =
        "the text is not valid Unicode: it holds invalid UTF-8 bytes or an unpaired surrogate (\\uD800–\\uDFFF); send UTF-8 text";

    /// <summary>The problems of a parsed document, empty when it is sound; every string is read once.</summary>
    public static IReadOnlyList<SpecError> Find(JsonElement root)
    {
        var errors = new List<SpecError>();
        Walk(root, [], errors);
        return errors;
    }

    /// <summary>
    /// <paramref name="at"/> holds the path's steps (a property name, or an array index with no name); the path text is built only
    /// when a problem is recorded, so a sound document costs no string per element.
    /// </summary>
    private static void Walk(JsonElement element, List<(string? Name, int Index)> at, List<SpecError> errors)
    {
        if (errors.Count >= MaxErrors) return;
        switch (element.ValueKind)
        {
            case JsonValueKind.String when !IsText(element):
                errors.Add(new(PathOf(at), NotUnicode));
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    at.Add((null, index++));
                    Walk(item, at, errors);
                    at.RemoveAt(at.Count - 1);
                }
                break;
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var repeated = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (errors.Count >= MaxErrors) return;
                    if (!TryName(property, out var name))
                    {
                        errors.Add(new(PathOf(at), $"a property name: {NotUnicode}"));
                        continue;
                    }
                    at.Add((name, 0));
                    if (seen.Add(name)) Walk(property.Value, at, errors);
                    else if (repeated.Add(name)) errors.Add(new(PathOf(at), $"'{Shorten(name)}' is given more than once in this object; give each property once"));
                    at.RemoveAt(at.Count - 1);
                }
                break;
        }
    }

    private static bool IsText(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    /// <summary>The steps as a JSON path: <c>layers[2].kernelSize</c>.</summary>
    private static string PathOf(List<(string? Name, int Index)> at)
    {
        var path = new System.Text.StringBuilder();
        foreach (var step in at)
        {
            if (step.Name is null) path.Append('[').Append(step.Index).Append(']');
            else path.Append(path.Length == 0 ? "" : ".").Append(step.Name);
        }
        return path.ToString();
    }

    /// <summary>Echoed client text, cut to a readable length.</summary>
    public static string Shorten(string text, int max = 64) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
