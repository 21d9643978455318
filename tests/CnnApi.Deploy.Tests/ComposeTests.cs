using CnnApi.Deploy.Tests.Infrastructure;
using Npgsql;

namespace CnnApi.Deploy.Tests;

/// <summary>
/// docker-compose.yml as Docker Compose reads it: <c>docker-compose --profile P config</c> (Debian's docker-compose 1.29,
/// offline; ./test.sh installs it) accepts each profile, and each profile's services are wired as documented.
/// </summary>
public sealed class ComposeTests
{
    [Fact]
    public async Task DefaultProfile_OneNodeOnSqliteWithANamedVolume()
    {
        var services = await ActiveServicesAsync(null);
        var node = Assert.Single(services).Value;
        Assert.Equal("cnnapi:latest", node.Text("image"));
        Assert.Equal(Repo.Root, node.Map("build").Text("context"));
        Assert.Equal("cnnapi-data:/data:rw", Assert.Single(node.List("volumes")));
        var port = Assert.IsType<Dictionary<object, object>>(Assert.Single(node.List("ports")));
        Assert.Equal(("5080", "8080"), (port["published"].ToString(), port["target"].ToString()));
        var env = node.Map("environment");
        Assert.False(env.ContainsKey("Storage__Provider"), "SQLite is the default");
        Assert.Equal("", env.Text("Auth__ApiKeys__0")); // no key given: the node generates /data/api-key
        var shutdown = int.Parse(env.Text("shutdownTimeoutSeconds"));
        Assert.True(shutdown >= 60, "the host waits for a checkpoint on SIGTERM");
        Assert.True(Seconds(node.Text("stop_grace_period")) > shutdown, "compose waits longer than the host before SIGKILL");
    }

    [Fact]
    public async Task DefaultProfile_KeyFromEnvironmentVariable()
    {
        var services = await ActiveServicesAsync(null, new() { ["CNNAPI_API_KEY"] = "k-0123456789" });
        Assert.Equal("k-0123456789", services["cnnapi"].Map("environment").Text("Auth__ApiKeys__0"));
    }

    [Fact]
    public async Task GpuProfile_CudaImageWithNvidiaDeviceReservation()
    {
        var services = await ActiveServicesAsync("gpu");
        var gpu = services["cnnapi-gpu"];
        Assert.Equal("cuda", gpu.Map("build").Map("args").Text("TORCH_BACKEND"));
        Assert.Equal("cnnapi:cuda", gpu.Text("image"));
        var device = Assert.IsType<Dictionary<object, object>>(Assert.Single(
            gpu.Map("deploy").Map("resources").Map("reservations").List("devices")));
        Assert.Equal("nvidia", device.Text("driver"));
        Assert.Contains("gpu", device.List("capabilities"));
        Assert.Equal("cnnapi-data:/data:rw", Assert.Single(gpu.List("volumes")));
    }

    [Fact]
    public async Task ScaleProfile_PostgresApiReplicasThatDoNotTrainAndWorkers_SharingData()
    {
        var services = await ActiveServicesAsync("scale");
        var postgres = services["postgres"];
        Assert.StartsWith("postgres:", postgres.Text("image"));
        Assert.Contains("pg_isready", string.Join(' ', postgres.Map("healthcheck").List("test")));
        Assert.Contains(postgres.List("volumes").Cast<string>(), v => v.Contains(":/var/lib/postgresql/data"));
        Assert.False(postgres.ContainsKey("ports"), "the database stays on the compose network");
        var db = postgres.Map("environment");

        var api = services["api"];
        var worker = services["worker"];
        Assert.Equal("false", api.Map("environment").Text("Training__WorkerEnabled"));
        Assert.Equal("true", worker.Map("environment").Text("Training__WorkerEnabled"));
        Assert.True(int.Parse(api.Map("deploy")["replicas"].ToString()!) >= 2);
        Assert.True(int.Parse(worker.Map("deploy")["replicas"].ToString()!) >= 2);
        Assert.False(worker.ContainsKey("ports"));
        foreach (var node in new[] { api, worker })
        {
            var env = node.Map("environment");
            Assert.Equal("postgres", env.Text("Storage__Provider"));
            var connection = new NpgsqlConnectionStringBuilder(env.Text("Storage__ConnectionString"));
            Assert.Equal(("postgres", db.Text("POSTGRES_DB"), db.Text("POSTGRES_USER"), db.Text("POSTGRES_PASSWORD")),
                (connection.Host, connection.Database, connection.Username, connection.Password));
            Assert.Equal("service_healthy", node.Map("depends_on").Map("postgres").Text("condition"));
            Assert.Equal(Assert.Single(api.List("volumes")), Assert.Single(node.List("volumes")));
        }
        Assert.NotEqual("cnnapi-data:/data:rw", Assert.Single(api.List("volumes"))); // not the single node's SQLite volume
    }

    [Fact]
    public async Task Config_InvalidField_IsRejected()
    {
        // The same validator must refuse a misspelling, or the profile tests above would prove nothing.
        var dir = Directory.CreateTempSubdirectory("cnnapi-compose-");
        try
        {
            var text = (await File.ReadAllTextAsync(Repo.PathOf("docker-compose.yml"))).Replace("capabilities:", "capabilitys:");
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "docker-compose.yml"), text);
            var result = await ComposeAsync(["--profile", "gpu", "config"], dir.FullName, []);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("capabilitys", result.Error);
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>The services <c>docker-compose [--profile P] config</c> enables (no profile, or P among theirs).</summary>
    private static async Task<Dictionary<string, Dictionary<object, object>>> ActiveServicesAsync(
        string? profile, Dictionary<string, string?>? environment = null)
    {
        string[] args = profile is null ? ["config"] : ["--profile", profile, "config"];
        var result = await ComposeAsync(args, Repo.Root, environment ?? []);
        Assert.True(result.ExitCode == 0, result.ToString());
        return Yaml.Parse(result.Output).Map("services")
            .Select(s => (Name: (string)s.Key, Service: (Dictionary<object, object>)s.Value))
            .Where(s => !s.Service.ContainsKey("profiles") || (profile is not null && s.Service.List("profiles").Contains(profile)))
            .ToDictionary(s => s.Name, s => s.Service);
    }

    private static Task<Processes.Result> ComposeAsync(string[] args, string directory, Dictionary<string, string?> environment)
    {
        // Only what the test sets: a developer's own CNNAPI_* or COMPOSE_* variables must not change the answer.
        var info = Processes.StartInfo("docker-compose", args, directory);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("CNNAPI_") || k.StartsWith("COMPOSE_")).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return Processes.RunAsync(info, TimeSpan.FromMinutes(1));
    }

    private static double Seconds(string duration) => duration.EndsWith("ms") ? double.Parse(duration[..^2]) / 1000
        : duration.EndsWith('s') ? double.Parse(duration[..^1]) : duration.EndsWith('m') ? double.Parse(duration[..^1]) * 60 : double.Parse(duration);
}
