using System.Text.RegularExpressions;
using CnnApi.Deploy.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Npgsql;

namespace CnnApi.Deploy.Tests;

/// <summary>
/// Each overlay of deploy/k8s, rendered by kubectl kustomize and read strictly as Kubernetes types: probes, resources,
/// non-root read-only pods, the shared volume, configuration the app accepts, the GPU request, the KEDA scaler.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };
    private const string Api = "cnnapi-api", Worker = "cnnapi-worker";

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_RendersOnlyKnownFieldsOfKnownKinds(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        Assert.Equal(["ConfigMap", "Deployment", "Deployment", "PersistentVolumeClaim", "PodDisruptionBudget", "PodDisruptionBudget", "Secret", "Service"],
            manifests.Objects.Select(o => ((IKubernetesObject)o).Kind).Order());
        Assert.Equal(["ScaledObject", "TriggerAuthentication"], manifests.Keda.Select(k => k.Text("kind")).Order());
        Assert.All(manifests.Objects.Cast<IMetadata<V1ObjectMeta>>(), o => Assert.Equal("cnnapi", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public async Task StrictReader_MisspelledField_IsRejected()
    {
        var text = (await Manifests.RenderAsync("cpu")).Text;
        var misspelled = Assert.Single(Manifests.Documents(text), d => d.Contains("name: cnnapi-api\n") && d.Contains("kind: Deployment"))
            .Replace("readinessProbe:", "readinesProbe:");
        Assert.Single(KubernetesYaml.LoadAllFromString(misspelled, strict: false)); // a lenient reader drops the field
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => KubernetesYaml.LoadAllFromString(misspelled, strict: true));
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => Manifests.Read(text.Replace("readinessProbe:", "readinesProbe:")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Pods_ProbesOnHealthEndpointsAtTheImagePort(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var exposed = int.Parse(Assert.Single(Dockerfile.Load(Repo.PathOf("Dockerfile")).Final.All("EXPOSE")));
        foreach (var container in manifests.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec.Containers.Single()))
        {
            Assert.Equal(exposed, Assert.Single(container.Ports, p => p.Name == "http").ContainerPort);
            Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/health/live", container.StartupProbe.HttpGet.Path);
            Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
            Assert.All(new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe },
                probe => Assert.Equal("http", probe.HttpGet.Port.Value));
        }
        var service = Assert.Single(manifests.OfType<V1Service>());
        Assert.Equal("http", service.Spec.Ports.Single().TargetPort.Value);
        Assert.Equal(service.Spec.Selector, manifests.Deployment(Api).Spec.Template.Metadata.Labels);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Pods_RequestCpuAndMemory_LimitMemory(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        foreach (var container in manifests.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec.Containers.Single()))
        {
            Assert.True(container.Resources.Requests["cpu"].ToDecimal() > 0);
            Assert.True(container.Resources.Limits["memory"].ToDecimal() >= container.Resources.Requests["memory"].ToDecimal());
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Pods_NonRootReadOnlyRoot_WritableTmpAndSharedData(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var claim = Assert.Single(manifests.OfType<V1PersistentVolumeClaim>());
        Assert.Equal(["ReadWriteMany"], claim.Spec.AccessModes);
        foreach (var pod in manifests.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec))
        {
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.True(pod.SecurityContext.RunAsUser > 0);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            var container = pod.Containers.Single();
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);

            string VolumeAt(string path) => Assert.Single(container.VolumeMounts, m => m.MountPath == path).Name;
            Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == VolumeAt("/tmp")).EmptyDir);
            Assert.Equal(claim.Metadata.Name, Assert.Single(pod.Volumes, v => v.Name == VolumeAt("/data")).PersistentVolumeClaim.ClaimName);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Pods_ConfigurationTheAppAccepts_ApiServesWorkersTrain(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var config = manifests.ConfigMap.Data;
        foreach (var (name, trains) in new[] { (Api, "false"), (Worker, "true") })
        {
            var env = Environment(manifests, manifests.Deployment(name));
            Assert.Equal(trains, env["Training__WorkerEnabled"]);
            Assert.Equal("postgres", env["Storage__Provider"]);
            Assert.Equal("/data", env["Storage__Root"]);
            Assert.Equal("true", env["Logging__Json"]);
            Assert.False(string.IsNullOrEmpty(env["Auth__ApiKeys__0"]));
            // Every $(VAR) resolves (the kubelet expands only variables defined before), and Npgsql reads the result.
            var connection = new NpgsqlConnectionStringBuilder(env["Storage__ConnectionString"]);
            Assert.Equal(config["POSTGRES_HOST"], connection.Host);
            Assert.Equal(int.Parse(config["POSTGRES_PORT"]), connection.Port);
            Assert.Equal(config["POSTGRES_DB"], connection.Database);
            Assert.Equal(config["POSTGRES_USER"], connection.Username);
            Assert.Equal(manifests.Secret.StringData["POSTGRES_PASSWORD"], connection.Password);
            Assert.Equal(SslMode.Require, connection.SslMode);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Workers_GraceLongerThanTheHostsShutdownTimeout_DisruptionBudgets(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var worker = manifests.Deployment(Worker);
        var shutdown = int.Parse(Environment(manifests, worker)["shutdownTimeoutSeconds"]);
        Assert.True(shutdown >= 60, "time for a mid-epoch checkpoint");
        Assert.True(worker.Spec.Template.Spec.TerminationGracePeriodSeconds > shutdown);
        Assert.Equal("0", manifests.Deployment(Api).Spec.Strategy.RollingUpdate.MaxUnavailable.Value); // API rollouts never drop below the replica count
        foreach (var deployment in new[] { manifests.Deployment(Api), worker })
            Assert.Single(manifests.OfType<V1PodDisruptionBudget>(),
                pdb => pdb.Spec.Selector.MatchLabels.All(l => deployment.Spec.Template.Metadata.Labels[l.Key] == l.Value));
    }

    [Fact]
    public async Task GpuOverlay_WorkersRequestAGpuOnGpuNodes_ApiStaysOnCpu()
    {
        var manifests = await Manifests.RenderAsync("gpu");
        var worker = manifests.Deployment(Worker).Spec.Template.Spec;
        var container = worker.Containers.Single();
        Assert.Equal("1", container.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("true", worker.NodeSelector["nvidia.com/gpu.present"]);
        Assert.Contains(worker.Tolerations, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");
        Assert.EndsWith("-cuda", container.Image);

        var api = manifests.Deployment(Api).Spec.Template.Spec;
        Assert.False(api.Containers.Single().Resources.Limits.ContainsKey("nvidia.com/gpu"));
        Assert.DoesNotContain("cuda", api.Containers.Single().Image);
        Assert.Null(api.NodeSelector);
    }

    [Fact]
    public async Task CpuOverlay_NoGpuAnywhere()
    {
        var manifests = await Manifests.RenderAsync("cpu");
        Assert.DoesNotContain("nvidia", manifests.Text);
        Assert.All(manifests.OfType<V1Deployment>(), d => Assert.DoesNotContain("cuda", d.Spec.Template.Spec.Containers.Single().Image));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task ScaledObject_DocumentedKedaFields_PostgresTriggerOnTheWorkers(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var scaled = manifests.KedaObject("ScaledObject");
        Assert.Equal("keda.sh/v1alpha1", scaled.Text("apiVersion"));
        var spec = scaled.Map("spec");
        Assert.Subset(new HashSet<string> { "scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
            "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers" }, spec.Keys().ToHashSet());
        Assert.Equal(Worker, spec.Map("scaleTargetRef").Text("name"));
        Assert.Equal("0", spec.Text("minReplicaCount"));
        Assert.True(int.Parse(spec.Text("maxReplicaCount")) >= 1);

        var trigger = Assert.IsType<Dictionary<object, object>>(Assert.Single(spec.List("triggers")));
        Assert.Equal("postgresql", trigger.Text("type"));
        var metadata = trigger.Map("metadata");
        Assert.Subset(new HashSet<string> { "host", "port", "userName", "dbName", "sslmode", "passwordFromEnv", "connectionFromEnv", "query",
            "targetQueryValue", "activationTargetQueryValue", "metricName" }, metadata.Keys().ToHashSet());
        var config = manifests.ConfigMap.Data;
        Assert.Equal(config["POSTGRES_HOST"], metadata.Text("host"));
        Assert.Equal(config["POSTGRES_PORT"], metadata.Text("port"));
        Assert.Equal(config["POSTGRES_DB"], metadata.Text("dbName"));
        Assert.Equal(config["POSTGRES_USER"], metadata.Text("userName"));
        Assert.Equal(config["POSTGRES_SSLMODE"], metadata.Text("sslmode"));
        Assert.StartsWith("SELECT", metadata.Text("query"));
        Assert.Equal("1", metadata.Text("targetQueryValue"));

        // The password comes from the Secret the pods read, through a TriggerAuthentication.
        var auth = manifests.KedaObject("TriggerAuthentication");
        Assert.Equal(trigger.Map("authenticationRef").Text("name"), auth.Map("metadata").Text("name"));
        var secretRef = Assert.IsType<Dictionary<object, object>>(Assert.Single(auth.Map("spec").List("secretTargetRef")));
        Assert.Equal("password", secretRef.Text("parameter"));
        Assert.Equal(manifests.Secret.Metadata.Name, secretRef.Text("name"));
        Assert.True(manifests.Secret.StringData.ContainsKey(secretRef.Text("key")));
    }

    /// <summary>The container's environment as the kubelet builds it: envFrom, then env in order with $(VAR) expanded.</summary>
    internal static Dictionary<string, string> Environment(Manifests manifests, V1Deployment deployment)
    {
        var container = deployment.Spec.Template.Spec.Containers.Single();
        var env = new Dictionary<string, string>();
        foreach (var source in container.EnvFrom)
        {
            Assert.Equal(manifests.ConfigMap.Metadata.Name, source.ConfigMapRef.Name);
            foreach (var (key, value) in manifests.ConfigMap.Data) env[key] = value;
        }
        foreach (var variable in container.Env)
        {
            if (variable.ValueFrom?.SecretKeyRef is { } secret)
            {
                Assert.Equal(manifests.Secret.Metadata.Name, secret.Name);
                env[variable.Name] = manifests.Secret.StringData[secret.Key];
            }
            else
            {
                env[variable.Name] = Reference().Replace(variable.Value, m => env.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
                Assert.DoesNotContain("$(", env[variable.Name]);
            }
        }
        return env;
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
