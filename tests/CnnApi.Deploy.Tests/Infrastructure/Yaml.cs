using YamlDotNet.Serialization;

namespace CnnApi.Deploy.Tests.Infrastructure;

/// <summary>Untyped YAML (compose files, KEDA objects): maps as <c>Dictionary&lt;object, object&gt;</c>, lists, strings.</summary>
public static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static Dictionary<object, object> Parse(string yaml) => Deserializer.Deserialize<Dictionary<object, object>>(yaml);

    public static Dictionary<object, object> Map(this Dictionary<object, object> map, string key) =>
        Assert.IsType<Dictionary<object, object>>(map[key]);

    public static List<object> List(this Dictionary<object, object> map, string key) => Assert.IsType<List<object>>(map[key]);

    public static string Text(this Dictionary<object, object> map, string key) => Assert.IsType<string>(map[key]);

    public static IEnumerable<string> Keys(this Dictionary<object, object> map) => map.Keys.Select(k => (string)k);
}
