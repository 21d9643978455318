using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Errors;

/// <summary>
/// Bodies that parse but are not sound (text that is not Unicode, repeated properties) and bodies full of mistakes:
/// every endpoint that reads a JSON body answers a 400 naming the path, small, never a 500.
/// </summary>
public sealed class HostileJsonTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateKeyedClient();

    public static readonly byte[][] NotUnicode =
    [
        [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
        "\\ud800"u8.ToArray(), "\\uDFFF"u8.ToArray(), "\\ud83dx"u8.ToArray(),
    ];

    /// <summary>Each body-reading endpoint, a body with the bad text in place of X, and the path the error must name.</summary>
    public static TheoryData<string, string, string, int> Cases()
    {
        var data = new TheoryData<string, string, string, int>();
        for (var i = 0; i < NotUnicode.Length; i++)
        {
            data.Add("/api/v1/architectures/summary", """{"name":"X","layers":[]}""", "name", i);
            data.Add("/api/v1/architectures/summary", """{"class_name":"Sequential","config":{"name":"m","layers":[{"class_name":"Dense","config":{"name":"X","units":10}}]}}""", "config.layers[0].config.name", i);
            data.Add("/api/v1/architectures/compare", """{"a":"seed-valid","b":{"name":"X","layers":[{"type":"Flatten"}]}}""", "b.name", i);
            data.Add("/api/v1/architectures/compare", """{"a":"X","b":"seed-same"}""", "a", i);
            data.Add("/api/v1/training-jobs", """{"preset":"X"}""", "preset", i);
            data.Add("/api/v1/training-jobs", """{"architecture":{"layers":[{"type":"X"}]}}""", "architecture.layers[0].type", i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_TextThatIsNotUnicode_Returns400NamingThePath(string url, string template, string path, int bad)
    {
        var at = template.IndexOf('X');
        byte[] body = [.. Encoding.UTF8.GetBytes(template[..at]), .. NotUnicode[bad], .. Encoding.UTF8.GetBytes(template[(at + 1)..])];

        var problem = await (await _client.PostAsync(url, Json(body))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("not valid Unicode", Assert.Single(problem.ErrorsAt(path)));
    }

    [Fact]
    public async Task Summary_ReportedBody_Returns400()
    {
        byte[] body = [.. "{\"name\":\""u8, 0xED, 0xA0, 0x80, .. "\",\"layers\":[]}"u8];

        var response = await _client.PostAsync("/api/v1/architectures/summary", Json(body));

        Assert.NotEmpty((await response.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsAt("name"));
    }

    [Theory]
    [InlineData("/api/v1/architectures/summary", """{"layers":[{"type":"Flatten"}],"layers":[{"type":"Dense","units":3}]}""", "layers")]
    [InlineData("/api/v1/architectures/summary", """{"layers":[{"type":"Dense","units":10,"units":12}]}""", "layers[0].units")]
    [InlineData("/api/v1/architectures/compare", """{"a":"seed-valid","a":"seed-same","b":"seed-same"}""", "a")]
    [InlineData("/api/v1/training-jobs", """{"preset":"seed-valid","epochs":1,"epochs":1000}""", "epochs")]
    public async Task Post_DuplicateProperty_Returns400NamingIt(string url, string body, string path)
    {
        var problem = await (await _client.PostAsync(url, Json(Encoding.UTF8.GetBytes(body)))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("more than once", Assert.Single(problem.ErrorsAt(path)));
    }

    [Fact]
    public async Task Summary_MegabyteOfOneUnknownPropertyRepeated_AnswersOneSmallError()
    {
        var member = "\"unknownProperty\":1,";
        var body = "{" + string.Concat(Enumerable.Repeat(member, 1_000_000 / member.Length)) + "\"layers\":[{\"type\":\"Flatten\"}]}";

        var response = await _client.PostAsync("/api/v1/architectures/summary", Json(Encoding.UTF8.GetBytes(body)));

        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(text.Length < 4_000, $"{text.Length} characters");
        Assert.Contains("more than once", Assert.Single(problem.ErrorsAt("unknownProperty")));
    }

    [Fact]
    public async Task Summary_MegabyteOfDistinctUnknownProperties_ListsTheFirst20AndTheCount()
    {
        var members = Enumerable.Range(0, 60_000).Select(i => $"\"p{i}\":1");
        var body = "{" + string.Join(",", members) + ",\"layers\":[{\"type\":\"Flatten\"}]}";

        var response = await _client.PostAsync("/api/v1/architectures/summary", Json(Encoding.UTF8.GetBytes(body)));

        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(text.Length < 10_000, $"{text.Length} characters");
        Assert.Equal(20, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal(60_000, problem.GetProperty("errorCount").GetInt32());
        Assert.Contains("60,000 errors", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Summary_HugePropertyName_IsEchoedShortened()
    {
        var name = new string('q', 500_000);
        var body = $"{{\"{name}\":1,\"layers\":[{{\"type\":\"Flatten\"}}]}}";

        var response = await _client.PostAsync("/api/v1/architectures/summary", Json(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 4_000);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
