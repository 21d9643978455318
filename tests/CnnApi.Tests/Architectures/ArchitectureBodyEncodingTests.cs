using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>
/// The raw body reader accepts what ReadFromJsonAsync accepts on the other endpoints: a UTF-8 BOM (Notepad, PowerShell)
/// and a declared charset such as UTF-16; an unknown charset is a 415, not "Malformed JSON".
/// </summary>
public sealed class ArchitectureBodyEncodingTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Summary_Utf8BodyWithBom_Returns200()
    {
        var content = Bytes([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(ArchitectureJson.SeedValid)], "application/json");

        var summary = await (await _client.PostAsync(ArchitectureJson.SummaryUrl, content)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2_002_698, summary.GetProperty("totalParams").GetInt64());
    }

    [Theory]
    [InlineData("utf-16", false)]
    [InlineData("utf-16", true)]
    [InlineData("utf-16BE", false)]
    [InlineData("UTF-8", true)]
    [InlineData("\"utf-8\"", false)]
    [InlineData("iso-8859-1", false)]
    public async Task Summary_DeclaredCharset_IsDecoded(string charset, bool withBom)
    {
        var encoding = Encoding.GetEncoding(charset.Trim('"'));
        byte[] body = [.. withBom ? encoding.Preamble : [], .. encoding.GetBytes(ArchitectureJson.SeedSame)];

        var response = await _client.PostAsync(ArchitectureJson.SummaryUrl, Bytes(body, $"application/json; charset={charset}"));

        Assert.Equal(3_231_498, (await response.JsonAsync(HttpStatusCode.OK)).GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task Compare_Utf16Body_Returns200()
    {
        var content = new StringContent("""{"a":"seed-valid","b":"seed-same"}""", Encoding.Unicode, "application/json");

        var comparison = await (await _client.PostAsync(ArchitectureJson.CompareUrl, content)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1_228_800, comparison.GetProperty("totals").GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task Summary_UnknownCharset_Returns415()
    {
        var response = await _client.PostAsync(ArchitectureJson.SummaryUrl, Bytes(Encoding.UTF8.GetBytes(ArchitectureJson.SeedValid), "application/json; charset=klingon"));

        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("klingon", problem.GetProperty("detail").GetString());
    }

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
