using System.Net;
using System.Text;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>Every rule of the callbacks and of <c>initialModelId</c> is a 400 naming its JSON path; nothing is queued.</summary>
public sealed class TrainingJobCallbackValidationTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateKeyedClient();
    private const string UnknownModel = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string Job = "\"preset\":\"mnist-convnet\",\"validationSplit\":0.1";

    /// <summary>A valid job (with a validation split) plus <paramref name="fields"/> (written with ' for ").</summary>
    private static string With(string fields) => $"{{{Job},{fields.Replace('\'', '"')}}}";

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { With("'earlyStopping':{'monitor':'val_acc'}"), "earlyStopping.monitor" },
        { """{"preset":"mnist-convnet","earlyStopping":{}}""", "earlyStopping.monitor" },            // val_loss without a split
        { """{"preset":"mnist-convnet","earlyStopping":{"monitor":"val_accuracy"}}""", "earlyStopping.monitor" },
        { With("'earlyStopping':{'patience':-1}"), "earlyStopping.patience" },
        { With("'earlyStopping':{'patience':1001}"), "earlyStopping.patience" },
        { With("'earlyStopping':{'patience':null}"), "earlyStopping.patience" },
        { With("'earlyStopping':{'patience':'2'}"), "earlyStopping.patience" },
        { With("'earlyStopping':{'minDelta':-0.1}"), "earlyStopping.minDelta" },
        { With("'earlyStopping':{'mode':'down'}"), "earlyStopping.mode" },
        { With("'earlyStopping':{'restoreBestWeights':'yes'}"), "earlyStopping.restoreBestWeights" },
        { With("'earlyStopping':{'startFromEpoch':-1}"), "earlyStopping.startFromEpoch" },
        { With("'earlyStopping':{'baseline':'low'}"), "earlyStopping.baseline" },
        { With("'earlyStopping':{'patient':2}"), "earlyStopping.patient" },
        { With("'earlyStopping':true"), "earlyStopping" },
        { With("'reduceLrOnPlateau':{'monitor':'lr'}"), "reduceLrOnPlateau.monitor" },
        { """{"preset":"mnist-convnet","reduceLrOnPlateau":{}}""", "reduceLrOnPlateau.monitor" },
        { With("'reduceLrOnPlateau':{'factor':1}"), "reduceLrOnPlateau.factor" },
        { With("'reduceLrOnPlateau':{'factor':0}"), "reduceLrOnPlateau.factor" },
        { With("'reduceLrOnPlateau':{'patience':-2}"), "reduceLrOnPlateau.patience" },
        { With("'reduceLrOnPlateau':{'minDelta':-1}"), "reduceLrOnPlateau.minDelta" },
        { With("'reduceLrOnPlateau':{'cooldown':-1}"), "reduceLrOnPlateau.cooldown" },
        { With("'reduceLrOnPlateau':{'minLr':-0.001}"), "reduceLrOnPlateau.minLr" },
        { With("'reduceLrOnPlateau':{'mode':'up'}"), "reduceLrOnPlateau.mode" },
        { With("'reduceLrOnPlateau':{},'learningRateSchedule':{'type':'cosine'}"), "reduceLrOnPlateau" },
        { With("'learningRateSchedule':{'type':'linear'}"), "learningRateSchedule.type" },
        { With("'learningRateSchedule':{}"), "learningRateSchedule.type" },
        { With("'learningRateSchedule':{'type':'step','factor':0.5}"), "learningRateSchedule.every" },
        { With("'learningRateSchedule':{'type':'step','every':0,'factor':0.5}"), "learningRateSchedule.every" },
        { With("'learningRateSchedule':{'type':'step','every':2}"), "learningRateSchedule.factor" },
        { With("'learningRateSchedule':{'type':'step','every':2,'factor':1.5}"), "learningRateSchedule.factor" },
        { With("'learningRateSchedule':{'type':'step','every':2,'factor':0.5,'alpha':0.1}"), "learningRateSchedule.alpha" },
        { With("'learningRateSchedule':{'type':'cosine','decayEpochs':0}"), "learningRateSchedule.decayEpochs" },
        { With("'learningRateSchedule':{'type':'cosine','alpha':1.5}"), "learningRateSchedule.alpha" },
        { With("'learningRateSchedule':{'type':'cosine','every':3}"), "learningRateSchedule.every" },
        { With("'learningRateSchedule':{'type':'cosine','warmup':3}"), "learningRateSchedule.warmup" },
        { With("'initialModelId':'not-a-guid'"), "initialModelId" },
        { With("'initialModelId':7"), "initialModelId" },
        { With($"\"initialModelId\":\"{UnknownModel}\""), "initialModelId" },
        { $"{{\"initialModelId\":\"{UnknownModel}\"}}", "initialModelId" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Start_InvalidCallbackOrInitialModel_Returns400NamingIt(string body, string path)
    {
        var response = await _client.PostAsync("/api/v1/training-jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsAt(path));
        Assert.DoesNotContain("CnnApi.", problem.ToString());
    }

    [Fact]
    public async Task Start_ValidCallbacks_Accepted_DefaultsFilledIn()
    {
        var body = With("'epochs':3,'trainLimit':256,'testLimit':100,'earlyStopping':{'patience':2},'reduceLrOnPlateau':{'monitor':'val_accuracy'}");

        var job = await (await _client.PostAsync("/api/v1/training-jobs", new StringContent(body, Encoding.UTF8, "application/json"))).JsonAsync(HttpStatusCode.Accepted);

        var request = job.GetProperty("request");
        var early = request.GetProperty("earlyStopping");
        Assert.Equal(("val_loss", 2, 0.0, "auto", false), (early.GetProperty("monitor").GetString(), early.GetProperty("patience").GetInt32(),
            early.GetProperty("minDelta").GetDouble(), early.GetProperty("mode").GetString(), early.GetProperty("restoreBestWeights").GetBoolean()));
        var plateau = request.GetProperty("reduceLrOnPlateau");
        Assert.Equal((0.1, 10, 1e-4, 0, 0.0), (plateau.GetProperty("factor").GetDouble(), plateau.GetProperty("patience").GetInt32(),
            plateau.GetProperty("minDelta").GetDouble(), plateau.GetProperty("cooldown").GetInt32(), plateau.GetProperty("minLr").GetDouble()));
        await (await _client.PostAsync($"/api/v1/training-jobs/{job.GetProperty("id").GetString()}/cancel", null)).JsonAsync(HttpStatusCode.OK);
    }
}
