using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace CnnApi.Tests.OpenApi;

/// <summary>
/// The live OpenAPI document as a checker of responses: finds the operation a request reached and says what in a
/// response the document does not allow (an undocumented status, content type or body), with JSON paths.
/// </summary>
public sealed class OpenApiContract
{
    private readonly List<Operation> _operations = [];
    private readonly BuildOptions _build = new() { SchemaRegistry = new SchemaRegistry() };
    private readonly Dictionary<string, JsonSchema> _schemas = [];
    private readonly Lock _lock = new();

    private sealed record Operation(string Method, string Template, Regex Path, string? OperationId, JsonObject Responses);

    public OpenApiContract(string documentJson)
    {
        var document = JsonNode.Parse(documentJson)!.AsObject();
        JsonSchema.Build(JsonSerializer.SerializeToElement(OpenApiSchemas.Components(document)), _build, new Uri(OpenApiSchemas.BaseUri));
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?}", "[^/]+") + "/?$";
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op || op["responses"] is not JsonObject responses) continue;
                _operations.Add(new Operation(method.ToUpperInvariant(), template, new Regex(pattern, RegexOptions.CultureInvariant),
                    op["operationId"]?.GetValue<string>(), responses));
            }
        }
        // Literal paths before templated ones (/api/v1/models/x/promote is no /api/v1/models/{id}).
        _operations.Sort((a, b) => a.Template.Count(c => c == '{').CompareTo(b.Template.Count(c => c == '{')));
    }

    /// <summary>Where a response was checked: "operationId (METHOD /template)", or the request when no operation matched.</summary>
    public sealed record Verdict(string Where, IReadOnlyList<string> Problems);

    /// <summary>Checks one response; <paramref name="body"/> is null for a body that is not read (a stream).</summary>
    public Verdict Check(string method, string path, int status, MediaTypeHeaderValue? contentType, string? body)
    {
        var candidates = _operations.Where(o => o.Path.IsMatch(path)).ToList();
        var operation = candidates.FirstOrDefault(o => o.Method == method);
        if (operation is null)
        {
            // Routing answered (no such resource or method): no operation was reached, nothing to hold it to.
            if (status is 404 or 405 || path.StartsWith("/swagger", StringComparison.Ordinal)) return new Verdict($"{method} {path}", []);
            return new Verdict($"{method} {path}", [candidates.Count == 0
                ? $"the path is not in the document (status {status})"
                : $"the document has no {method} operation on {candidates[0].Template} (status {status})"]);
        }
        var where = $"{operation.OperationId ?? "(no operationId)"} ({operation.Method} {operation.Template})";
        var statusKey = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = operation.Responses[statusKey] ?? operation.Responses[$"{statusKey[0]}XX"] ?? operation.Responses["default"];
        if (response is null)
            return new Verdict(where, [$"status {status} is not documented (documented: {string.Join(", ", operation.Responses.Select(r => r.Key))})"]);
        var content = response["content"] as JsonObject;
        var mediaType = contentType?.MediaType;
        if (content is null || content.Count == 0)
            return new Verdict(where, string.IsNullOrEmpty(body) && mediaType is null
                ? []
                : [$"status {status} is documented without a body, but the response has one ({mediaType ?? "no content type"}): {Excerpt(body)}"]);
        if (mediaType is null)
            return new Verdict(where, [$"status {status} is documented with {string.Join(", ", content.Select(c => c.Key))}, but the response has no content type"]);
        var (documentedType, media) = content.FirstOrDefault(c => Matches(c.Key, mediaType));
        if (media is null)
            return new Verdict(where, [$"status {status} answered {mediaType}, which the document does not list ({string.Join(", ", content.Select(c => c.Key))})"]);
        if (body is null || !IsJson(mediaType)) return new Verdict(where, []);
        return new Verdict(where, Validate($"{operation.Method} {operation.Template} {statusKey} {documentedType}", media["schema"], body, status));
    }

    private IReadOnlyList<string> Validate(string key, JsonNode? schemaNode, string body, int status)
    {
        if (schemaNode is null) return [];
        JsonElement json;
        try { json = JsonDocument.Parse(body).RootElement; }
        catch (JsonException e) { return [$"status {status}: the body is not JSON ({e.Message}): {Excerpt(body)}"]; }
        JsonSchema schema;
        lock (_lock)
        {
            if (!_schemas.TryGetValue(key, out schema!))
                _schemas[key] = schema = JsonSchema.Build(JsonSerializer.SerializeToElement(OpenApiSchemas.Convert(schemaNode)), _build,
                    new Uri($"urn:cnnapi:response:{_schemas.Count}"));
        }
        var result = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return [];
        var errors = (result.Details ?? [result])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"at {Pointer(d.InstanceLocation.ToString())} ({e.Key}, schema {d.EvaluationPath}): {e.Value}"))
            .Distinct().Take(12).ToList();
        if (errors.Count == 0) errors.Add("the body does not match the schema");
        errors.Add($"body: {Excerpt(body)}");
        return errors;
    }

    private static string Pointer(string pointer) => pointer.Length == 0 ? "/" : pointer;

    private static bool Matches(string documented, string actual) =>
        documented == "*/*" || string.Equals(documented, actual, StringComparison.OrdinalIgnoreCase)
        || (documented.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(documented[..^1], StringComparison.OrdinalIgnoreCase));

    public static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static string Excerpt(string? body) => body is null ? "(not read)" : body.Length > 1500 ? body[..1500] + "…" : body;
}
