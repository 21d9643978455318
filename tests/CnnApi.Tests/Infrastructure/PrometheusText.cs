using System.Globalization;
using System.Net;

namespace CnnApi.Tests.Infrastructure;

/// <summary>Reads <c>/metrics</c>: each sample line of the Prometheus text, by name and labels.</summary>
public static class PrometheusText
{
    public static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => (Key: line[..line.LastIndexOf(' ')], Value: line[(line.LastIndexOf(' ') + 1)..]))
            .ToDictionary(s => s.Key, s => double.Parse(s.Value, CultureInfo.InvariantCulture));
    }
}
