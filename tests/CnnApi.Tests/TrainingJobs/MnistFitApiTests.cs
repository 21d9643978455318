using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CnnApi.Tests.Infrastructure;
using CnnApi.Tests.Predictions;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// Everything a summary accepts either trains on MNIST and predicts, or is refused when the job is submitted with a
/// 400 naming the reason: a channels_first model ([1, 28, 28]) and a shared layer train; other inputs, outputs other than [10] and
/// outputs that are not logits or a final softmax are refused.
/// </summary>
public sealed class MnistFitApiTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateKeyedClient();

    private const string ChannelsFirst = """
        {"name":"cf","inputShape":[1,28,28],"layers":[
          {"type":"Conv2D","filters":8,"kernelSize":3,"strides":2,"activation":"relu","dataFormat":"channels_first"},
          {"type":"MaxPooling2D","dataFormat":"channels_first"},
          {"type":"Flatten","dataFormat":"channels_first"},
          {"type":"Dense","units":10,"activation":"softmax"}]}
        """;

    // A weight-tied block: "shared" runs twice on one set of weights (one torch module, two nodes).
    private const string SharedLayer = """
        {"name":"tied","inputShape":[28,28,1],"layers":[
          {"type":"Conv2D","name":"stem","filters":8,"kernelSize":3,"strides":2,"activation":"relu"},
          {"type":"Conv2D","name":"shared","filters":8,"kernelSize":3,"padding":"same"},
          {"type":"ReLU","name":"relu"},
          {"call":"shared"},
          {"type":"Add","name":"sum","inputs":["shared[1]","stem"]},
          {"type":"GlobalAveragePooling2D","name":"gap"},
          {"type":"Dense","name":"out","units":10,"activation":"softmax"}]}
        """;

    [Theory]
    [InlineData(ChannelsFirst)]
    [InlineData(SharedLayer)]
    public async Task Model_TrainedOneEpoch_PredictsAnUpload(string architecture)
    {
        var jobs = new JobClient(_client);
        var request = new JsonObject
        {
            ["architecture"] = JsonNode.Parse(architecture), ["epochs"] = 1, ["batchSize"] = 32, ["trainLimit"] = 512,
            ["testLimit"] = 200, ["seed"] = 5,
        };
        var id = (await jobs.StartAsync(request)).GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(id, seconds: 600);
        Assert.True(JobClient.Status(job) == "succeeded", $"the model did not train: {job}");
        var model = job.GetProperty("modelId").GetString()!;

        var png = UploadVariants.MnistPng.Encode(MnistTestDigits.Load(1)[0], new Random(1));
        var upload = new MultipartFormDataContent { { new ByteArrayContent(png), "image", "digit.png" } };
        var answer = await (await _client.PostAsync($"/api/v1/models/{model}/predictions", upload)).JsonAsync(HttpStatusCode.OK);

        var probabilities = answer.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToList();
        Assert.Equal(10, probabilities.Count);
        Assert.Equal(1.0, probabilities.Sum(), 3);
    }

    public static TheoryData<string, string, string> Unfit => new()
    {
        // A 32×32 input reaching 10 classes through Resizing still cannot take MNIST's 28×28 images.
        { """{"inputShape":[32,32,1],"layers":[{"type":"Resizing","height":28,"width":28},{"type":"Flatten"},{"type":"Dense","units":10}]}""",
            "architecture.inputShape", "must take [28, 28, 1] (or [1, 28, 28] when channels_first), not [32, 32, 1]" },
        // channels_first reads [28, 28, 1] as 28 channels of 28×1 images.
        { """{"inputShape":[28,28,1],"layers":[{"type":"Conv2D","filters":4,"kernelSize":1,"dataFormat":"channels_first"},{"type":"Flatten"},{"type":"Dense","units":10}]}""",
            "architecture.inputShape", "a channels_first architecture must take [1, 28, 28], not [28, 28, 1]" },
        { """{"layers":[{"type":"Flatten"},{"type":"Dense","units":10,"activation":"sigmoid"}]}""",
            "architecture.layers", "the output comes from 'dense' (Dense, sigmoid)" },
        { """{"layers":[{"type":"Flatten"},{"type":"Dense","units":10},{"type":"ReLU"}]}""",
            "architecture.layers", "the output comes from 're_lu' (ReLU, relu)" },
        { """{"layers":[{"type":"Flatten"},{"type":"Dense","units":10,"activation":"softmax"},{"type":"Dropout","rate":0.5}]}""",
            "architecture.layers", "the softmax of 'dense' (Dense) is followed by 'dropout'" },
        { """{"layers":[{"type":"Conv2D","filters":10,"kernelSize":3,"activation":"softmax"},{"type":"GlobalAveragePooling2D"}]}""",
            "architecture.layers", "the softmax of 'conv2d' (Conv2D) is followed by 'global_average_pooling2d'" },
        { """{"layers":[{"type":"Flatten"},{"type":"Dense","units":12,"activation":"softmax"}]}""",
            "architecture.layers", "the last layer must output [10], not [12]" },
        { """{"layers":[{"type":"Conv2D","name":"c","filters":1,"kernelSize":3,"padding":"same","inputs":"input_1"},{"type":"MaxPooling2D","name":"p","inputs":"input_1"},{"call":"c","inputs":"p"},{"type":"Flatten","name":"f1","inputs":"c"},{"type":"Flatten","name":"f2","inputs":"c[1]"},{"type":"Concatenate","name":"cat","inputs":["f1","f2"]},{"type":"Dense","units":10}]}""",
            "architecture.layers", "the shared layer 'c' is called on [28, 28, 1] and [14, 14, 1]" },
    };

    [Theory]
    [MemberData(nameof(Unfit))]
    public async Task Start_ArchitectureMnistCannotTrain_Returns400NamingTheReason(string architecture, string path, string reason)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/training-jobs", new JsonObject { ["architecture"] = JsonNode.Parse(architecture), ["epochs"] = 1 });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(reason, string.Join(" | ", problem.ErrorsAt(path)));
    }

    [Theory]
    // Logits (a linear last layer), a final Softmax layer, and a nested model ending in softmax all train.
    [InlineData("""{"layers":[{"type":"Flatten"},{"type":"Dense","units":10}]}""")]
    [InlineData("""{"layers":[{"type":"Flatten"},{"type":"Dense","units":10},{"type":"Dropout","rate":0.2},{"type":"Softmax"}]}""")]
    [InlineData("""{"layers":[{"type":"Conv2D","filters":10,"kernelSize":3},{"type":"GlobalAveragePooling2D"},{"type":"Activation","activation":"softmax"}]}""")]
    [InlineData("""{"inputShape":[28,28,1],"layers":[{"type":"Sequential","layers":[{"type":"Flatten"},{"type":"Dense","units":10,"activation":"softmax"}]}]}""")]
    public async Task Start_ArchitectureEndingInLogitsOrSoftmax_Returns202(string architecture)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/training-jobs", new JsonObject
        {
            ["architecture"] = JsonNode.Parse(architecture), ["epochs"] = 1, ["trainLimit"] = 256, ["testLimit"] = 100, ["batchSize"] = 32,
        });

        await response.JsonAsync(HttpStatusCode.Accepted);
    }
}
