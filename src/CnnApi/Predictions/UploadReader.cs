using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using CnnApi.Errors;

namespace CnnApi.Predictions;

/// <summary>
/// Reads the multipart upload section by section, refusing a file as soon as it passes the byte limit
/// (413) and more files than allowed (400), so an oversized upload never sits in memory whole.
/// </summary>
public static class UploadReader
{
    public sealed record UploadedFile(string Path, byte[] Bytes);

    public sealed record Upload(IReadOnlyList<UploadedFile> Files, bool Several, IResult? Problem);

    public static async Task<Upload> ReadAsync(HttpRequest request, PredictionOptions options, CancellationToken ct)
    {
        if (!request.HasFormContentType || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return Fail(Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Upload images as multipart/form-data, in a field named 'image' (one) or 'images' (several)."));

        var files = new List<UploadedFile>();
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        MultipartSection? section;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (section.GetContentDispositionHeader() is not { } disposition || !disposition.IsFileDisposition()) continue;
                var name = disposition.Name.Value ?? "";
                if (name is not ("image" or "images")) continue;
                fields.Add(name);
                if (files.Count == options.MaxImages)
                    return Fail(Problems.Validation("images", $"At most {options.MaxImages} images per request."));
                var path = name == "image" ? "image" : $"images[{files.Count}]";
                var bytes = await RequestBody.ReadAtMostAsync(section.Body, options.MaxImageBytes, ct);
                if (bytes is null)
                    return Fail(Problems.Status(StatusCodes.Status413PayloadTooLarge, "Image too large",
                        $"{path}: the file is larger than the limit of {options.MaxImageBytes:N0} bytes."));
                files.Add(new UploadedFile(path, bytes));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own request size limit (Kestrel:Limits:MaxRequestBodySize) stays what it is: a 413.
            return Fail(Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", e.Message));
        }
        catch (IOException e)
        {
            return Fail(Problems.Validation("", $"The multipart body could not be read: {e.Message}"));
        }
        catch (InvalidDataException e)
        {
            return Fail(Problems.Validation("", $"The multipart body could not be read: {e.Message}"));
        }

        if (files.Count == 0)
            return Fail(Problems.Validation("image", "No file: send one in a field named 'image', or several in 'images'."));
        if (fields.Count > 1)
            return Fail(Problems.Validation("image", "Use either 'image' (one file) or 'images' (several), not both."));
        if (fields.Contains("image") && files.Count > 1)
            return Fail(Problems.Validation("image", "'image' takes one file; send several in 'images'."));
        return new Upload(files, fields.Contains("images"), null);
    }

    private static Upload Fail(IResult problem) => new([], false, problem);
}
