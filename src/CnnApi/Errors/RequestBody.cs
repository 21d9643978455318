using System.Text;
using System.Text.Json;
using CnnApi.Architectures.Spec;
using Microsoft.Net.Http.Headers;

namespace CnnApi.Errors;

/// <summary>
/// Reads a JSON body ourselves, for endpoints whose validator wants the raw document (to report every
/// problem with its path): 413 past the limit, whatever Content-Length claims; 415 for a non-JSON type.
/// </summary>
public static class RequestBody
{
    public readonly record struct Result(JsonElement Json, IResult? Problem);

    public static async Task<Result> ReadJsonAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return new(default, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send JSON (Content-Type: application/json), not '{request.ContentType}'."));
        if (!TryGetCharset(request, out var encoding))
            return new(default, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset",
                $"Send JSON in UTF-8 (or a charset .NET knows), not '{request.ContentType}'."));
        if (request.ContentLength > maxBytes) return new(default, TooLarge(maxBytes));

        if (await ReadAtMostAsync(request.Body, maxBytes, ct) is not { } body) return new(default, TooLarge(maxBytes));
        // JsonDocument.Parse reads UTF-8 bytes only and stops at a BOM; ReadFromJsonAsync (the other endpoints) accepts both.
        ReadOnlyMemory<byte> json = encoding is null ? body : Encoding.Convert(encoding, Encoding.UTF8, body);
        if (json.Span.StartsWith(Encoding.UTF8.Preamble)) json = json[Encoding.UTF8.Preamble.Length..];
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            // Invalid UTF-8, lone surrogates and repeated properties parse, and would throw (500) or mislead later.
            if (JsonChecks.Find(document.RootElement) is { Count: > 0 } unsound)
                return new(default, Problems.Validation(unsound.Select(e => (e.Path, e.Message))));
            return new(document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return new(default, Problems.Validation(JsonPaths.FromJsonException(e), $"Malformed JSON: {e.Message}"));
        }
    }

    /// <summary>
    /// The stream's bytes, or null as soon as they pass <paramref name="limit"/>, whatever a declared length
    /// said: an oversized body is never buffered whole.
    /// </summary>
    public static async Task<byte[]?> ReadAtMostAsync(Stream stream, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Null encoding for UTF-8 (no charset, or utf-8); false for a charset .NET does not know.</summary>
    private static bool TryGetCharset(HttpRequest request, out Encoding? encoding)
    {
        encoding = null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.Charset.Length == 0) return true;
        try
        {
            var named = Encoding.GetEncoding(type.Charset.Value!.Trim('"'));
            if (named.CodePage != Encoding.UTF8.CodePage) encoding = named;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBytes:N0} bytes.");
}
