using System.Text.Json;
using CnnApi.Architectures.Presets;

namespace CnnApi.Architectures.Tests;

/// <summary>The summary as the host serialises it (web defaults): the contract's field names and batch dimension as null.</summary>
public sealed class SummaryJsonTests
{
    [Fact]
    public void Summary_WebDefaults_SerialisesContractShape()
    {
        var summary = Specs.Summary(ArchitecturePresets.Find("seed-valid")!.Architecture);

        var json = JsonDocument.Parse(JsonSerializer.Serialize(summary, new JsonSerializerOptions(JsonSerializerDefaults.Web))).RootElement;

        Assert.Equal("[null,28,28,1]", json.GetProperty("inputShape").GetRawText());
        Assert.Equal(2_002_698, json.GetProperty("totalParams").GetInt64());
        Assert.Equal(8_010_792, json.GetProperty("paramBytes").GetInt64());
        Assert.StartsWith("Model: \"seed-valid\"", json.GetProperty("text").GetString());
        var conv = json.GetProperty("layers")[0];
        Assert.Equal(
            """{"name":"conv2d","type":"Conv2D","inputShape":[null,28,28,1],"outputShape":[null,26,26,32],"params":320,"trainableParams":320,"nonTrainableParams":0,"macs":194688,"paramBytes":1280,"activationBytes":86528,"receptiveField":{"size":[3,3],"jump":[1,1]},"borderPixelsLost":108,"connectedTo":[]}""",
            conv.GetRawText());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("layers")[3].GetProperty("receptiveField").ValueKind);
    }

    [Fact]
    public void Comparison_WebDefaults_SerialisesBothSidesAndDiffs()
    {
        var comparison = Summaries.ArchitectureComparer.Compare(
            Specs.Summary(ArchitecturePresets.Find("seed-valid")!.Architecture), Specs.Summary(ArchitecturePresets.Find("seed-same")!.Architecture));

        var json = JsonDocument.Parse(JsonSerializer.Serialize(comparison, new JsonSerializerOptions(JsonSerializerDefaults.Web))).RootElement;

        Assert.Equal(2_002_698, json.GetProperty("a").GetProperty("totalParams").GetInt64());
        Assert.Equal(3_231_498, json.GetProperty("b").GetProperty("totalParams").GetInt64());
        Assert.Equal(1_228_800, json.GetProperty("totals").GetProperty("totalParams").GetInt64());
        Assert.Equal("[null,28,28,32]", json.GetProperty("layers")[1].GetProperty("outputShapeB").GetRawText());
    }
}
