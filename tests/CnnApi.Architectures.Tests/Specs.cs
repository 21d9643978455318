using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests;

/// <summary>Reads and summarises JSON written in tests, failing loudly when a step that should succeed does not.</summary>
internal static class Specs
{
    public static Architecture Read(string json)
    {
        var result = ArchitectureReader.Read(json);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
        return result.Architecture!;
    }

    public static ArchitectureSummary Summary(string json) => Summary(Read(json));

    public static ArchitectureSummary Summary(Architecture architecture)
    {
        var result = Summarizer.Summarize(architecture);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
        return result.Summary!;
    }

    /// <summary>The one error a document should produce (reading or summarising).</summary>
    public static SpecError SingleError(string json)
    {
        var read = ArchitectureReader.Read(json);
        var errors = read.Succeeded ? Summarizer.Summarize(read.Architecture!).Errors : read.Errors;
        return Assert.Single(errors);
    }

    /// <summary>A spec on a given input with the given layers (JSON objects).</summary>
    public static string With(string inputShape, params string[] layers) =>
        $$"""{"name":"t","inputShape":{{inputShape}},"layers":[{{string.Join(",", layers)}}]}""";

    public static string Dims(long[] dims) => string.Join("x", dims);

    public static string Dims(double[] dims) => string.Join("x", dims.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
