namespace CnnApi.Deploy.Tests.Infrastructure;

/// <summary>The Dockerfile's own <c>dotnet restore</c> and <c>dotnet publish</c> commands, as argument lists for this machine.</summary>
public static class DockerCommands
{
    public static IReadOnlyList<string> Restore(Dockerfile docker, string torchBackend) =>
        Arguments(docker, "dotnet restore", torchBackend).ToList();

    /// <summary>The publish command with <c>${TORCH_BACKEND}</c> filled in and its <c>-o</c> pointed at <paramref name="outputDirectory"/>.</summary>
    public static IReadOnlyList<string> Publish(Dockerfile docker, string torchBackend, string outputDirectory)
    {
        var args = Arguments(docker, "dotnet publish", torchBackend).ToList();
        var output = args.IndexOf("-o");
        Assert.True(output > 0 && output + 1 < args.Count, "the Dockerfile's publish has no -o <dir>");
        args[output + 1] = outputDirectory;
        return args;
    }

    private static IEnumerable<string> Arguments(Dockerfile docker, string command, string torchBackend)
    {
        var run = Assert.Single(docker["build"].All("RUN"), r => r.StartsWith(command + " "));
        Assert.DoesNotContain("&&", run);
        return run["dotnet ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Replace("${TORCH_BACKEND}", torchBackend).Replace("$TORCH_BACKEND", torchBackend));
    }
}
