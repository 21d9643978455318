using System.Text.Json;

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
        if (request.ContentLength > maxBytes) return new(default, TooLarge(maxBytes));

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new(default, TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 64 });
            return new(document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return new(default, Problems.Validation(JsonPaths.FromJsonException(e), $"Malformed JSON: {e.Message}"));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBytes:N0} bytes.");
}
