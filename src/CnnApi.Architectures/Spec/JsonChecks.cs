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
        Walk(root, "", errors);
        return errors;
    }

    private static void Walk(JsonElement element, string path, List<SpecError> errors)
    {
        if (errors.Count >= MaxErrors) return;
        switch (element.ValueKind)
        {
            case JsonValueKind.String when !IsText(element):
                errors.Add(new(path, NotUnicode));
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{index++}]", errors);
                break;
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var repeated = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (errors.Count >= MaxErrors) return;
                    if (!TryName(property, out var name))
                    {
                        errors.Add(new(path, $"a property name: {NotUnicode}"));
                        continue;
                    }
                    var child = Join(path, name);
                    if (seen.Add(name)) Walk(property.Value, child, errors);
                    else if (repeated.Add(name)) errors.Add(new(child, $"'{Shorten(name)}' is given more than once in this object; give each property once"));
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

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Echoed client text, cut to a readable length.</summary>
    public static string Shorten(string text, int max = 64) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
