using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests;

/// <summary>
/// The independent check: TensorFlow.js layers (npm <c>@tensorflow/tfjs</c>, which implements Keras's shape and
/// parameter rules) build the same seeded random specs under node (tests/tfjs/summarize.js), and every layer's
/// output shape, parameter count and trainable count must equal CnnApi's. <c>build/npm-deps.sh</c> (run by test.sh)
/// installs the package.
/// </summary>
public sealed class KerasOracleTests
{
    [Fact]
    public void RandomSequentialSpecs_EveryLayer_AgreesWithTensorFlowJs()
    {
        var specs = Enumerable.Range(0, 150).Select(i => new RandomSpecs(new Random(1100 + i)).Sequential()).ToList();

        AssertAgree(specs);
        var channelsFirst = specs.Count(s => s.Contains("channels_first", StringComparison.Ordinal));
        Assert.True(channelsFirst >= 15, $"only {channelsFirst} channels_first specs drawn");
        Assert.True(Kinds(specs) >= 30, $"only {Kinds(specs)} layer types drawn");
    }

    [Fact]
    public void RandomGraphsWithMergesBranchesAndNestedModels_EveryLayer_AgreesWithTensorFlowJs()
    {
        var specs = Enumerable.Range(0, 120).Select(i => new RandomSpecs(new Random(2200 + i)).Graph()).ToList();

        AssertAgree(specs);
        Assert.True(specs.Count(s => s.Contains("\"Sequential\"", StringComparison.Ordinal)) >= 10, "too few nested models drawn");
        foreach (var merge in new[] { "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate" })
            Assert.True(specs.Count(s => s.Contains($"\"type\":\"{merge}\"", StringComparison.Ordinal)) >= 3, $"too few {merge} drawn");
    }

    private static int Kinds(IEnumerable<string> specs) => specs
        .SelectMany(s => System.Text.RegularExpressions.Regex.Matches(s, "\"type\":\"(\\w+)\"").Select(m => m.Groups[1].Value)).Distinct().Count();

    [Fact]
    public void HandWrittenGraphs_EveryLayer_AgreesWithTensorFlowJs() => AssertAgree([GraphTests.Residual,
        """
        {"inputShape":[8,8,3],"layers":[
          {"type":"Conv2D","name":"p","filters":4,"kernelSize":1,"inputs":"input_1"},
          {"type":"Conv2D","name":"q","filters":6,"kernelSize":3,"padding":"same","inputs":"input_1"},
          {"type":"MaxPooling2D","name":"r","poolSize":3,"strides":1,"padding":"same","inputs":["input_1"]},
          {"type":"Concatenate","name":"cat","inputs":["p","q","r"]},
          {"type":"Sequential","name":"head","inputShape":[8,8,13],"trainable":false,"layers":[{"type":"SeparableConv2D","filters":5,"kernelSize":3},{"type":"Flatten"}]},
          {"type":"Dense","units":3}]}
        """]);

    [Fact]
    public void SharedLayerGraphs_EveryLayer_AgreesWithTensorFlowJs() => AssertAgree([SharedLayerTests.TiedResidual,
        // a shared conv on two shapes ("multiple"), a frozen BatchNormalization shared by two branches
        """
        {"inputShape":[8,8,4],"layers":[
          {"type":"Conv2D","name":"shared","filters":4,"kernelSize":3,"padding":"same","inputs":"input_1"},
          {"type":"MaxPooling2D","name":"pool","inputs":"input_1"},
          {"call":"shared","inputs":"pool"},
          {"type":"BatchNormalization","name":"bn","trainable":false,"inputs":"shared[1]"},
          {"type":"UpSampling2D","name":"up","inputs":"bn"},
          {"call":"bn","inputs":"shared"},
          {"type":"Add","name":"sum","inputs":["up","bn[1]"]},
          {"type":"Dense","name":"proj","units":6,"inputs":"sum"},
          {"type":"Flatten","name":"flat"},
          {"type":"Dense","units":3}]}
        """,
        // a SeparableConv2D called three times in a chain and read twice
        """
        {"inputShape":[6,6,3],"layers":[
          {"type":"Conv2D","name":"stem","filters":3,"kernelSize":1,"inputs":"input_1"},
          {"type":"SeparableConv2D","name":"shared","filters":3,"kernelSize":3,"padding":"same"},
          {"type":"ReLU","name":"relu"},
          {"call":"shared"},
          {"call":"shared","inputs":"shared[1]"},
          {"type":"Concatenate","name":"cat","inputs":["shared","shared[2]"]},
          {"type":"GlobalMaxPooling2D","name":"gmp"},
          {"type":"Dense","units":10}]}
        """]);

    private static void AssertAgree(IReadOnlyList<string> specs)
    {
        var summaries = specs.Select(Specs.Summary).ToList();
        var models = new JsonArray(summaries.Select(Describe).ToArray());
        var results = JsonNode.Parse(RunNode(models.ToJsonString()))!.AsArray();
        var checkedLayers = 0;
        for (var m = 0; m < specs.Count; m++)
        {
            var context = $"spec {m}: {specs[m]}";
            Assert.True(results[m] is JsonArray, $"tfjs refused {context}: {results[m]}");
            var tfjs = results[m]!.AsArray().ToDictionary(l => (string)l!["name"]!, l => l!);
            foreach (var row in summaries[m].Layers.Where(l => l.Type != "InputLayer"))
            {
                Assert.True(tfjs.TryGetValue(row.Name, out var other), $"tfjs has no layer {row.Name}: {context}");
                var shape = other!["shape"] is JsonArray dims ? string.Join("x", dims.Select(d => d?.ToJsonString() ?? "null")) : (string)other["shape"]!;
                var ours = row.Calls.Any(c => !c.OutputDims.SequenceEqual(row.OutputDims)) ? "multiple" : Specs.Dims(row.OutputDims);
                Assert.True((ours, row.Params, row.TrainableParams) == (shape, (long)other["params"]!, (long)other["trainable"]!),
                    $"{row.Name} ({row.Type}): CnnApi {ours}, {row.Params} params ({row.TrainableParams} trainable); " +
                    $"tfjs {shape}, {other["params"]} ({other["trainable"]}): {context}");
                checkedLayers++;
            }
        }
        Assert.True(checkedLayers >= specs.Count, $"only {checkedLayers} layers compared");
    }

    /// <summary>
    /// The summary's layer calls as the node script takes them, in topological order: name, inputs and the layer's spec,
    /// or for a shared layer's further calls the call's name (<c>conv[1]</c>) and the layer it calls.
    /// </summary>
    internal static JsonNode Describe(ArchitectureSummary summary)
    {
        var layers = new JsonArray();
        var calls = summary.Layers.Where(l => l.Type != "InputLayer")
            .SelectMany(row => row.Calls.Select((call, k) => (Row: row, Call: call, Index: k))).OrderBy(c => c.Call.Step);
        foreach (var (row, call, index) in calls)
        {
            var inputs = call.References.ToList() is { Count: > 0 } refs ? refs : [Architecture.DefaultInputName];
            var entry = new JsonObject
            {
                ["name"] = Wiring.Reference(row.Name, index),
                ["inputs"] = new JsonArray(inputs.Select(n => (JsonNode)n!).ToArray()),
            };
            if (index == 0)
                entry["spec"] = JsonSerializer.SerializeToNode(LayerSpec.From(row.Layer), ArchitectureSpec.JsonOptions);
            else
                entry["call"] = row.Name;
            layers.Add(entry);
        }
        return new JsonObject
        {
            ["inputShape"] = new JsonArray(summary.InputShape.Skip(1).Select(d => (JsonNode)d!.Value).ToArray()),
            ["layers"] = layers,
        };
    }

    private static string RunNode(string input)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "tfjs");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@tensorflow", "tfjs")),
            $"@tensorflow/tfjs is not installed in {folder}: run build/npm-deps.sh (test.sh does)");
        var start = new ProcessStartInfo("node", "summarize.js")
        {
            WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var error = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(input);
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEnd();
        Assert.True(node.WaitForExit(120_000), "node did not finish within two minutes");
        Assert.True(node.ExitCode == 0, $"node failed ({node.ExitCode}): {error.Result}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CnnApi.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("CnnApi.sln not found above " + AppContext.BaseDirectory);
    }
}
