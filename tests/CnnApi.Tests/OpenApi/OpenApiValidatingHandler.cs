using System.Collections.Concurrent;

namespace CnnApi.Tests.OpenApi;

/// <summary>Thrown when a response breaks the live OpenAPI document: the message names the operation, status and JSON paths.</summary>
public sealed class OpenApiContractException(string message) : Exception(message);

/// <summary>
/// In every test client of <see cref="Infrastructure.CnnApiFactory"/>: holds each response to the live document
/// (<c>/swagger/v1/swagger.json</c>) and throws <see cref="OpenApiContractException"/> at the call that got an
/// undocumented status, content type or body. Event streams and files are checked by status and type only.
/// </summary>
public sealed class OpenApiValidatingHandler(Func<Task<OpenApiContract>> contract) : DelegatingHandler
{
    public const string Regenerate =
        "If the code is right, document it (the endpoint's .Produces*/.ProducesContent metadata; ApiDocs/ for schemas) and regenerate " +
        "docs/openapi.json: UPDATE_OPENAPI=1 dotnet test tests/CnnApi.Tests -c Release --filter FullyQualifiedName~OpenApiDocumentTests";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var type = response.Content.Headers.ContentType;
        string? body = null;
        if (type?.MediaType is not ("text/event-stream" or "application/octet-stream"))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        var verdict = (await contract()).Check(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, type, body);
        if (verdict.Problems.Count > 0)
            throw new OpenApiContractException(
                $"OpenAPI: {request.Method} {request.RequestUri.PathAndQuery} → {verdict.Where} answered {(int)response.StatusCode} " +
                $"{type?.MediaType}, which the live document does not allow:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", verdict.Problems) + Environment.NewLine + Regenerate);
        return response;
    }

    /// <summary>One contract per distinct document text, shared by every factory that serves it.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<OpenApiContract>> Contracts = new();

    public static OpenApiContract ContractOf(string document) =>
        Contracts.GetOrAdd(document, d => new Lazy<OpenApiContract>(() => new OpenApiContract(d))).Value;
}
