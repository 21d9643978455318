using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;
using SkiaSharp;

namespace CnnApi.Tests.Predictions;

/// <summary>Uploads of every kind against a model trained in the fixture, and every error status.</summary>
public sealed class PredictionEndpointTests(TrainedModelFactory factory) : IClassFixture<TrainedModelFactory>
{
    private const int Digits = 30;
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> VariantNames => new(UploadVariants.All.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(VariantNames))]
    public async Task Predict_EachFormatAndVariant_ClassifiesRealDigits(string variantName)
    {
        var variant = UploadVariants.All.Single(v => v.Name == variantName);
        var random = new Random(5);
        var correct = 0;
        var digits = MnistTestDigits.Load(Digits);
        for (var i = 0; i < digits.Count; i++)
        {
            var answer = await PredictAsync(Upload("image", variant.Encode(digits[i], random), "upload.bin"));
            if (answer.GetProperty("digit").GetInt32() == MnistLabels.Of(i)) correct++;
        }
        // The fixture's model scores ~95% on clean digits; each variant must stay close to that.
        Assert.True(correct >= Digits * 0.8, $"{variantName}: {correct}/{Digits} correct");
    }

    [Fact]
    public async Task Predict_Mnist28x28Png_DebugInputIsNearlyTheDigit()
    {
        var digit = MnistTestDigits.Load(1)[0];
        var answer = await PredictAsync(Upload("image", UploadVariants.MnistPng.Encode(digit, new Random(1)), "d.png"), "?debug=true");
        var dataUrl = answer.GetProperty("debug").GetProperty("input").GetString()!;
        Assert.StartsWith("data:image/png;base64,", dataUrl);
        using var seen = SKBitmap.Decode(Convert.FromBase64String(dataUrl["data:image/png;base64,".Length..]));
        Assert.Equal((28, 28), (seen.Width, seen.Height));
        var pixels = Enumerable.Range(0, 784).Select(i => seen.GetPixel(i % 28, i / 28).Red / 255f).ToArray();
        Assert.True(DigitSimilarity.Correlation(pixels, digit) > 0.9);
        Assert.False(answer.GetProperty("debug").GetProperty("inverted").GetBoolean());
        Assert.Equal(MnistLabels.Of(0), answer.GetProperty("digit").GetInt32());
        var probabilities = answer.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToList();
        Assert.Equal(10, probabilities.Count);
        Assert.Equal(1.0, probabilities.Sum(), 3);
    }

    [Fact]
    public async Task Predict_SeveralImages_AnswersInUploadOrder()
    {
        var digits = MnistTestDigits.Load(12);
        var content = new MultipartFormDataContent();
        foreach (var digit in digits) content.Add(new ByteArrayContent(UploadVariants.MnistPng.Encode(digit, new Random(1))), "images", "d.png");
        var batch = await PredictAsync(content);
        var predictions = batch.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(digits.Count, predictions.Count);
        for (var i = 0; i < digits.Count; i++)
        {
            var single = await PredictAsync(Upload("image", UploadVariants.MnistPng.Encode(digits[i], new Random(1)), "d.png"));
            Assert.Equal(single.GetProperty("digit").GetInt32(), predictions[i].GetProperty("digit").GetInt32());
            Assert.Equal(single.GetProperty("confidence").GetDouble(), predictions[i].GetProperty("confidence").GetDouble(), 4);
        }
    }

    [Fact]
    public async Task Predict_ConcurrentRequests_EachGetsItsOwnAnswer()
    {
        var digits = MnistTestDigits.Load(40);
        var sequential = new List<int>();
        foreach (var d in digits) sequential.Add((await PredictAsync(Upload("image", UploadVariants.MnistPng.Encode(d, new Random(1)), "d.png"))).GetProperty("digit").GetInt32());
        var concurrent = await Task.WhenAll(digits.Select(async d =>
            (await PredictAsync(Upload("image", UploadVariants.MnistPng.Encode(d, new Random(1)), "d.png"))).GetProperty("digit").GetInt32()));
        Assert.Equal(sequential, concurrent);
    }

    [Fact]
    public async Task Predict_NamedModel_UsesIt_UnknownModel404()
    {
        var png = UploadVariants.MnistPng.Encode(MnistTestDigits.Load(1)[0], new Random(1));
        var answer = await PredictAsync(Upload("image", png, "d.png"), model: factory.ModelId);
        Assert.Equal(factory.ModelId, answer.GetProperty("modelId").GetString());
        var response = await _client.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", Upload("image", png, "d.png"));
        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, byte[], HttpStatusCode> BadUploads()
    {
        var png = UploadVariants.MnistPng.Encode(new byte[784], new Random(1));
        return new()
        {
            { "zero-byte", [], HttpStatusCode.BadRequest },
            { "truncated-png", png[..(png.Length / 2)], HttpStatusCode.BadRequest },
            { "text-named-png", Encoding.UTF8.GetBytes("this is not an image, whatever its name says"), HttpStatusCode.UnsupportedMediaType },
            { "png-claiming-60000x60000", PngWriter.WithClaimedSize(png, 60000, 60000), HttpStatusCode.RequestEntityTooLarge },
            { "over-4MB", [.. png, .. new byte[4 * 1024 * 1024]], HttpStatusCode.RequestEntityTooLarge },
        };
    }

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Predict_BadUpload_RefusedCleanly(string name, byte[] bytes, HttpStatusCode status)
    {
        var response = await _client.PostAsync("/api/v1/predictions", Upload("image", bytes, "digit.png"));
        var problem = await response.ProblemAsync(status);
        Assert.Contains("image", problem.ToString());
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task Predict_BlankPage_Returns400NoDigit()
    {
        var blank = UploadVariants.MnistPng.Encode(new byte[784], new Random(1));
        var problem = await (await _client.PostAsync("/api/v1/predictions", Upload("image", blank, "blank.png"))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("No digit found", problem.ErrorsAt("image")[0]);
    }

    [Fact]
    public async Task Predict_NoFile_Returns400()
    {
        var content = new MultipartFormDataContent { { new StringContent("7"), "label" } };
        var problem = await (await _client.PostAsync("/api/v1/predictions", content)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsAt("image"));
    }

    [Fact]
    public async Task Predict_NotMultipart_Returns415()
    {
        var response = await _client.PostAsync("/api/v1/predictions", new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Predict_TooManyImages_Returns400()
    {
        var png = UploadVariants.MnistPng.Encode(new byte[784], new Random(1));
        var content = new MultipartFormDataContent();
        for (var i = 0; i < 65; i++) content.Add(new ByteArrayContent(png), "images", $"{i}.png");
        var problem = await (await _client.PostAsync("/api/v1/predictions", content)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsAt("images"));
    }

    [Fact]
    public async Task Predict_NoModelYet_Returns409SayingHowToTrain()
    {
        using var empty = new CnnApiFactory();
        var png = UploadVariants.MnistPng.Encode(new byte[784], new Random(1));
        var problem = await (await empty.CreateClient().PostAsync("/api/v1/predictions", Upload("image", png, "d.png")))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("/api/v1/training-jobs", problem.GetProperty("detail").GetString());
    }

    private static MultipartFormDataContent Upload(string field, byte[] bytes, string fileName) =>
        new() { { new ByteArrayContent(bytes), field, fileName } };

    private async Task<JsonElement> PredictAsync(HttpContent content, string query = "", string? model = null)
    {
        var path = model is null ? "/api/v1/predictions" : $"/api/v1/models/{model}/predictions";
        return await (await _client.PostAsync(path + query, content)).JsonAsync(HttpStatusCode.OK);
    }
}
