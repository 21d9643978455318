using CnnApi.Deploy.Tests.Infrastructure;

namespace CnnApi.Deploy.Tests;

/// <summary>The Dockerfile read as Docker reads it: stages, user, health check, port, CUDA argument, MNIST, ignore file.</summary>
public sealed class DockerfileTests
{
    private readonly Dockerfile _docker = Dockerfile.Load(Repo.PathOf("Dockerfile"));

    [Fact]
    public void Stages_SdkBuildThenAspNetRuntime_OnTheSameUbuntu()
    {
        Assert.Equal(["build", "datasets", "runtime"], _docker.Stages.Select(s => s.Name));
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", _docker["build"].BaseImage);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", _docker.Final.BaseImage);
        // Same distro tag on both sides: the build host's libstdc++ (which the GLIBCXX step in build/ inspects) is the runtime's.
        Assert.Equal(_docker["build"].BaseImage.Split(':')[1], _docker.Final.BaseImage.Split(':')[1]);
        Assert.Contains("noble", _docker.Final.BaseImage); // Ubuntu 24.04: GLIBCXX_3.4.32, TorchSharp loads unpatched
        Assert.DoesNotContain(_docker.Final.All("RUN"), r => r.Contains("dotnet build") || r.Contains("dotnet publish"));
    }

    [Fact]
    public void Restore_RunsOnProjectFilesBeforeSourcesAreCopied()
    {
        var build = _docker["build"].Instructions;
        var restore = Index(build, i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore"));
        var sources = Index(build, i => i.Keyword == "COPY" && i.Arguments.StartsWith("src/ "));
        var publish = Index(build, i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish"));
        Assert.True(restore < sources && sources < publish, "restore, then COPY src/, then publish");
        Assert.All(build.Take(restore).Where(i => i.Keyword == "COPY"), copy =>
            Assert.DoesNotContain(copy.Arguments.Split(' ')[..^1], source => source.EndsWith(".cs") && !source.StartsWith("build/")));
        Assert.Contains("--no-restore", build[publish].Arguments);

        // Every project the app references is copied before the restore.
        var copied = string.Join(' ', build.Take(restore).Where(i => i.Keyword == "COPY").Select(i => i.Arguments));
        foreach (var project in Directory.GetFiles(Repo.PathOf("src"), "*.csproj", SearchOption.AllDirectories))
            Assert.Contains(Path.GetRelativePath(Repo.Root, project).Replace('\\', '/'), copied);
    }

    [Fact]
    public void Runtime_NonRootUserWithDataVolume()
    {
        var user = Assert.Single(_docker.Final.All("USER"));
        Assert.True(user is "$APP_UID" or "app" or "1654", $"USER {user}");
        Assert.Equal("[\"/data\"]", Assert.Single(_docker.Final.All("VOLUME")));
        Assert.Contains(_docker.Final.All("RUN"), r => r.Contains("chown $APP_UID /data"));
        var env = _docker.Final.Environment();
        Assert.Equal("/data", env["Storage__Root"]);
        Assert.Equal("true", env["Logging__Json"]);
        // USER comes after every RUN: nothing at run time needs root.
        var instructions = _docker.Final.Instructions;
        Assert.True(Index(instructions, i => i.Keyword == "USER") > instructions.ToList().FindLastIndex(i => i.Keyword == "RUN"));
    }

    [Fact]
    public void Expose_EqualsTheListeningPort()
    {
        var env = _docker.Final.Environment();
        Assert.False(env.ContainsKey("ASPNETCORE_URLS"), "ASPNETCORE_URLS would override ASPNETCORE_HTTP_PORTS");
        Assert.Equal(env["ASPNETCORE_HTTP_PORTS"], Assert.Single(_docker.Final.All("EXPOSE")));
    }

    [Fact]
    public void Healthcheck_RunsTheAppsOwnCommandAgainstLive()
    {
        var check = Assert.Single(_docker.Final.All("HEALTHCHECK"));
        Assert.Contains("CMD [\"dotnet\", \"/app/CnnApi.dll\", \"healthcheck\"]", check);
        Assert.DoesNotContain("curl", check);
        Assert.Contains("--timeout=", check);
        Assert.Equal("[\"dotnet\", \"/app/CnnApi.dll\"]", Assert.Single(_docker.Final.All("ENTRYPOINT")));
    }

    [Fact]
    public void Mnist_FetchedAtBuildTimeIntoTheImageOutsideData()
    {
        var fetch = Assert.Single(_docker["datasets"].All("RUN"));
        Assert.Contains("fetch-datasets", fetch);
        var root = _docker.Final.Environment()["Datasets__Root"];
        Assert.False(root.StartsWith("/data"), root);
        Assert.Contains(_docker.Final.All("COPY"), c => c.StartsWith("--from=datasets ") && c.EndsWith(" " + root));
    }

    [Fact]
    public void TorchBackendArgument_ReachesRestoreAndPublish()
    {
        Assert.Contains(_docker.Preamble, i => i.Keyword == "ARG" && i.Arguments == "TORCH_BACKEND=cpu");
        Assert.Contains("TORCH_BACKEND", _docker["build"].All("ARG"));
        Assert.All(_docker["build"].All("RUN").Where(r => r.StartsWith("dotnet ")), run =>
            Assert.Contains("-p:TorchBackend=${TORCH_BACKEND}", run));
    }

    [Theory]
    [InlineData("cpu", "libtorch-cpu-linux-x64")]
    [InlineData("cuda", "libtorch-cuda-12.8-linux-x64")]
    public async Task TorchBackendArgument_ChoosesTheLibtorchPackage(string backend, string package)
    {
        // MSBuild evaluates the publish command's project with the argument as Docker would pass it.
        var publish = DockerCommands.Publish(_docker, backend, outputDirectory: "/unused");
        var properties = publish.Where(a => a.StartsWith("-p:")).ToList();
        var result = await Processes.RunAsync("dotnet",
            ["msbuild", "src/CnnApi.Torch/CnnApi.Torch.csproj", "-getItem:PackageReference", .. properties], TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"\"Identity\": \"{package}\"", result.Output);
        Assert.DoesNotContain("libtorch-" + (backend == "cpu" ? "cuda" : "cpu"), result.Output);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputDataAndSecretsOut_AndEverythingCopiedIn()
    {
        var ignored = File.ReadAllLines(Repo.PathOf(".dockerignore")).Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var pattern in new[] { "**/bin/", "**/obj/", "data/", ".git/", "**/TestResults/", "tests/", "**/*.db", "**/api-key", ".env" })
            Assert.Contains(pattern, ignored);
        Assert.DoesNotContain(ignored, l => l.StartsWith('!'));

        foreach (var copy in _docker.Stages.SelectMany(s => s.All("COPY")).Where(c => !c.StartsWith("--from")))
            foreach (var source in copy.Split(' ')[..^1])
            {
                Assert.True(File.Exists(Repo.PathOf(source)) || Directory.Exists(Repo.PathOf(source)), $"COPY {source}: missing");
                Assert.DoesNotContain(ignored, pattern => !pattern.StartsWith("**") && source.StartsWith(pattern.TrimEnd('/')));
            }
    }

    private static int Index(IReadOnlyList<Dockerfile.Instruction> instructions, Func<Dockerfile.Instruction, bool> match)
    {
        var index = instructions.ToList().FindIndex(i => match(i));
        Assert.True(index >= 0, "instruction not found");
        return index;
    }
}
