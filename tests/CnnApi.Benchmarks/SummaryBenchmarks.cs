using System.Text;
using BenchmarkDotNet.Attributes;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Benchmarks;

/// <summary>
/// The summary path of <c>POST /api/v1/architectures/summary</c> without HTTP: reading the seed-valid spec from
/// UTF-8 JSON, summarising an already-read architecture (target: under 20 µs), and rendering the Keras table.
/// </summary>
[MemoryDiagnoser]
public class SummaryBenchmarks
{
    private readonly byte[] seedValidJson = Encoding.UTF8.GetBytes(
        """
        {"name":"seed-valid","inputShape":[28,28,1],"layers":[
          {"type":"Conv2D","filters":32,"kernelSize":3,"activation":"relu"},
          {"type":"Conv2D","filters":32,"kernelSize":3,"activation":"relu"},
          {"type":"Conv2D","filters":32,"kernelSize":3,"activation":"relu"},
          {"type":"Flatten"},{"type":"Dense","units":128,"activation":"relu"},{"type":"Dense","units":10,"activation":"softmax"}]}
        """);

    private readonly Architecture seedValid = ArchitecturePresets.Find("seed-valid")!.Architecture;
    private ArchitectureSummary summary = null!;

    [GlobalSetup]
    public void Setup() => summary = Summarizer.Summarize(seedValid).Summary!;

    [Benchmark(Baseline = true)]
    public ArchitectureSummary? SummarizeOnly() => Summarizer.Summarize(seedValid).Summary;

    [Benchmark]
    public ArchitectureSummary? ParseAndSummarize() =>
        ArchitectureReader.Read(seedValidJson).Architecture is { } a ? Summarizer.Summarize(a).Summary : null;

    [Benchmark]
    public string RenderText() => SummaryText.Render(summary);

    [Benchmark]
    public string ParseSummarizeAndRender() =>
        SummaryText.Render(Summarizer.Summarize(ArchitectureReader.Read(seedValidJson).Architecture!).Summary!);
}
