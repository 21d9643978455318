using System.Text;
using System.Text.Json;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Tests;

public sealed class JsonChecksTests
{
    [Theory]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xFF })]
    public void Read_InvalidUtf8InAString_IsAnErrorAtItsPath(byte[] bad)
    {
        byte[] json = [.. "{\"layers\":[{\"type\":\"Dense\",\"units\":10,\"name\":\""u8, .. bad, .. "\"}]}"u8];

        var error = Assert.Single(ArchitectureReader.Read(json).Errors);

        Assert.Equal("layers[0].name", error.Path);
        Assert.Equal(JsonChecks.NotUnicode, error.Message);
    }

    [Fact]
    public void Read_EscapedLoneSurrogate_IsAnError()
    {
        var error = Assert.Single(ArchitectureReader.Read("""{"name":"\ud800","layers":[]}""").Errors);
        Assert.Equal("name", error.Path);
    }

    [Fact]
    public void Read_InvalidUtf8InAPropertyName_IsAnErrorAtTheObject()
    {
        byte[] json = [.. "{\"layers\":[{\""u8, 0xED, 0xA0, 0x80, .. "\":1}]}"u8];
        var error = Assert.Single(ArchitectureReader.Read(json).Errors);
        Assert.Equal("layers[0]", error.Path);
    }

    [Fact]
    public void Read_KerasDocumentWithInvalidText_IsAnError()
    {
        byte[] json = [.. "{\"class_name\":\"Sequential\",\"config\":{\"name\":\""u8, 0xED, 0xA0, 0x80, .. "\",\"layers\":[]}}"u8];
        Assert.Equal("config.name", Assert.Single(ArchitectureReader.Read(json).Errors).Path);
    }

    [Fact]
    public void Find_DuplicateProperty_NamesItsPath()
    {
        using var document = JsonDocument.Parse("""{"layers":[{"type":"Dense","units":10,"units":12}]}""");
        var error = Assert.Single(JsonChecks.Find(document.RootElement));
        Assert.Equal("layers[0].units", error.Path);
    }

    [Fact]
    public void Find_ManyProblems_ListsAtMostTheCap()
    {
        var json = "{" + string.Join(",", Enumerable.Repeat("\"x\":\"\\ud800\",\"x\":1", 1).Concat(Enumerable.Range(0, 500).Select(i => $"\"k{i}\":[\"\\udfff\"]"))) + "}";
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonChecks.MaxErrors, JsonChecks.Find(document.RootElement).Count);
    }

    [Fact]
    public void Find_SoundDocument_HasNoProblems()
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes("""{"name":"ü😀\u00e9","layers":[{"a":1},{"a":2}]}"""));
        Assert.Empty(JsonChecks.Find(document.RootElement));
    }
}
