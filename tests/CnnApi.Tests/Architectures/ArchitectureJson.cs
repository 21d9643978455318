using System.Net.Http.Headers;
using System.Text;

namespace CnnApi.Tests.Architectures;

/// <summary>Request bodies for the architecture endpoints, written out by hand so the tests do not trust the presets.</summary>
internal static class ArchitectureJson
{
    public const string SummaryUrl = "/api/v1/architectures/summary";
    public const string CompareUrl = "/api/v1/architectures/compare";
    public const string PresetsUrl = "/api/v1/architectures/presets";

    /// <summary>The seed notebook's model: three 3×3 Conv2D(32, relu), Flatten, Dense(128, relu), Dense(10, softmax).</summary>
    public static string Seed(string name, string padding) => $$"""
        {
          "name": "{{name}}",
          "inputShape": [28, 28, 1],
          "layers": [
            { "type": "Conv2D", "filters": 32, "kernelSize": 3, "padding": "{{padding}}", "activation": "relu" },
            { "type": "Conv2D", "filters": 32, "kernelSize": 3, "padding": "{{padding}}", "activation": "relu" },
            { "type": "Conv2D", "filters": 32, "kernelSize": 3, "padding": "{{padding}}", "activation": "relu" },
            { "type": "Flatten" },
            { "type": "Dense", "units": 128, "activation": "relu" },
            { "type": "Dense", "units": 10, "activation": "softmax" }
          ]
        }
        """;

    public static readonly string SeedValid = Seed("seed-valid", "valid");
    public static readonly string SeedSame = Seed("seed-same", "same");

    /// <summary>A spec with the given input shape and layers (each a JSON object).</summary>
    public static string Spec(string inputShape, params string[] layers) =>
        $$"""{"name":"t","inputShape":{{inputShape}},"layers":[{{string.Join(",", layers)}}]}""";

    public static StringContent Content(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, mediaType);

    public static Task<HttpResponseMessage> PostSummaryAsync(this HttpClient client, string json, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SummaryUrl) { Content = Content(json) };
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostCompareAsync(this HttpClient client, string json) =>
        client.PostAsync(CompareUrl, Content(json));

    /// <summary>A JSON body sent without Content-Length (chunked on a real socket), so the server must count as it reads.</summary>
    public static HttpContent Unsized(byte[] bytes) => new UnsizedContent(bytes);

    /// <summary>StreamContent over a MemoryStream would compute a length; this one refuses to, in 8 KB writes.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 8192)
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(8192, _bytes.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
