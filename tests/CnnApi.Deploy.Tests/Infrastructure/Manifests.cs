using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace CnnApi.Deploy.Tests.Infrastructure;

/// <summary>
/// An overlay of deploy/k8s rendered by <c>kubectl kustomize</c>: Kubernetes objects read by KubernetesClient's strict
/// YAML loader (an unknown or misspelled field is an error), KEDA's objects (not Kubernetes types) as plain YAML.
/// </summary>
public sealed class Manifests
{
    public required IReadOnlyList<object> Objects { get; init; }
    public required IReadOnlyList<Dictionary<object, object>> Keda { get; init; }
    public required string Text { get; init; }

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Rendered = new();

    /// <summary>The overlay rendered once per test run (each test reads its own objects from the text).</summary>
    public static async Task<Manifests> RenderAsync(string overlay) =>
        Read(await Rendered.GetOrAdd(overlay, o => new Lazy<Task<string>>(() => KustomizeAsync(o))).Value);

    private static async Task<string> KustomizeAsync(string overlay)
    {
        var result = await Processes.RunAsync("kubectl", ["kustomize", Repo.PathOf("deploy", "k8s", "overlays", overlay)], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }

    public static Manifests Read(string text)
    {
        var objects = new List<object>();
        var keda = new List<Dictionary<object, object>>();
        foreach (var document in Documents(text))
        {
            var map = Yaml.Parse(document);
            if (map.Text("apiVersion").StartsWith("keda.sh/", StringComparison.Ordinal)) keda.Add(map);
            else objects.Add(Assert.Single(KubernetesYaml.LoadAllFromString(document, strict: true)));
        }
        return new Manifests { Objects = objects, Keda = keda, Text = text };
    }

    public static IEnumerable<string> Documents(string text) =>
        text.Split("\n---\n").Select(d => d.Trim()).Where(d => d.Length > 0 && d != "---");

    public IEnumerable<T> OfType<T>() => Objects.OfType<T>();

    public V1Deployment Deployment(string name) => Assert.Single(OfType<V1Deployment>(), d => d.Metadata.Name == name);

    public V1ConfigMap ConfigMap => Assert.Single(OfType<V1ConfigMap>());

    public V1Secret Secret => Assert.Single(OfType<V1Secret>());

    public Dictionary<object, object> KedaObject(string kind) => Assert.Single(Keda, k => k.Text("kind") == kind);
}
