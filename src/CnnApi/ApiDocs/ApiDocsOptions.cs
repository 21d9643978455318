using System.ComponentModel.DataAnnotations;

namespace CnnApi.ApiDocs;

/// <summary>Bound from "ApiDocs": what the OpenAPI document says about where the API lives.</summary>
public sealed class ApiDocsOptions : IValidatableObject
{
    /// <summary>
    /// The public base URL written to the document's <c>servers</c> (e.g. <c>https://cnn.example.org</c> behind a proxy).
    /// Empty: the scheme, host and path base of the request that asked for the document.
    /// </summary>
    public string? ServerUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(ServerUrl) &&
            !(Uri.TryCreate(ServerUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return new ValidationResult($"ApiDocs:ServerUrl must be an absolute http(s) URL, got '{ServerUrl}'.", [nameof(ServerUrl)]);
    }
}
