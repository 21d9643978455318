using System.Diagnostics;
using System.Text.Json;

namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// Debian's <c>/usr/bin/python3</c> with <c>python3-torch</c> (1.13), installed with apt when missing (./test.sh installs
/// it first through build/apt-deps.sh). <see cref="RunModels"/> loads many generated modules and state_dicts in one
/// process, the way a PyTorch user would: <c>Net()</c>, <c>load_state_dict(torch.load(f))</c>, <c>eval()</c>.
/// </summary>
internal static class PythonTorch
{
    public const string Python = "/usr/bin/python3";
    private static readonly Lazy<bool> Installed = new(Install);

    /// <summary>One model to run: its generated code, its exported weights, the images in and the probabilities out (raw float32).</summary>
    public sealed record Job(string Code, string Weights, string Images, string Output);

    private const string Runner = """
        import importlib.util, json, sys, traceback
        import numpy as np
        import torch
        failed = 0
        for i, job in enumerate(json.load(open(sys.argv[1]))):
            try:
                spec = importlib.util.spec_from_file_location(f"generated_{i}", job["Code"])
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                net = module.Net()
                net.load_state_dict(torch.load(job["Weights"]), strict=True)
                net.eval()
                pixels = torch.from_numpy(np.fromfile(job["Images"], dtype=np.float32).reshape(-1, 1, 28, 28))
                with torch.no_grad():
                    probabilities = net(pixels)
                probabilities.numpy().astype(np.float32).tofile(job["Output"])
            except Exception:
                failed += 1
                print(job["Code"], file=sys.stderr)
                traceback.print_exc()
        sys.exit(1 if failed else 0)
        """;

    /// <summary>Runs every job in one Python process; fails with Python's output when any job fails.</summary>
    public static void RunModels(IReadOnlyList<Job> jobs, string folder)
    {
        Assert.True(Installed.Value, "python3-torch is not installed and could not be installed with apt-get (root needed)");
        var manifest = Path.Combine(folder, "jobs.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(jobs));
        var script = Path.Combine(folder, "run_models.py");
        File.WriteAllText(script, Runner);
        var (code, output) = Run(Python, script, manifest);
        Assert.True(code == 0, "the Python side failed:\n" + output);
    }

    public static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // One thread per process: the machine is shared, and the results must not depend on it.
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + stdout + stderr.Result);
        }
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static bool Install()
    {
        if (File.Exists(Python) && Run(Python, "-c", "import torch, numpy").ExitCode == 0) return true;
        if (Environment.UserName != "root") return false;
        Run("/usr/bin/apt-get", "update", "-qq");
        Run("/usr/bin/apt-get", "install", "-y", "-qq", "--no-install-recommends", "python3-torch", "python3-numpy", "libopenblas0");
        return Run(Python, "-c", "import torch, numpy").ExitCode == 0;
    }
}
