using CnnApi.Fuzz;

namespace CnnApi.Tests.Fuzzing;

/// <summary>
/// The coverage-guided campaign's corpus (<c>tests/CnnApi.Fuzz/corpus/TARGET</c>: seeds from the presets, hand-written
/// Keras documents and tiny images, and what <c>build/fuzz.sh</c> found interesting) replayed through each target
/// without a fuzzer: every file answers 200 or a 4xx, never an exception or a 5xx, within 10 s and 256 MB of managed
/// allocations on its thread.
/// </summary>
public sealed class CorpusReplayTests
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);
    private const long AllocationLimit = 256L << 20;

    [Theory]
    [InlineData("spec")]
    [InlineData("keras")]
    [InlineData("job")]
    [InlineData("image")]
    [InlineData("multipart")]
    public void Replay_EveryCorpusFile_SuccessOr4xxWithinTimeAndMemory(string target)
    {
        var files = Directory.GetFiles(Path.Combine(CorpusRoot(), target));
        Assert.True(files.Length >= 4, $"the {target} corpus has {files.Length} files");
        var run = FuzzTargets.All[target];
        var failures = new List<string>();
        var statuses = new HashSet<int>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            int? status = null;
            Exception? error = null;
            long allocated = 0;
            var thread = new Thread(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                try { status = run(bytes); }
                catch (Exception e) { error = e; }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }) { IsBackground = true };
            thread.Start();
            var name = Path.GetFileName(file);
            if (!thread.Join(TimeLimit)) failures.Add($"{name}: still running after {TimeLimit.TotalSeconds} s");
            else if (error is not null) failures.Add($"{name}: {error.GetType().Name}: {error.Message}");
            else if (allocated > AllocationLimit) failures.Add($"{name}: allocated {allocated >> 20} MB");
            else statuses.Add(status!.Value);
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.All(statuses, s => Assert.True(s is 200 or (>= 400 and < 500), $"status {s}"));
        // The corpus reaches both sides: documents that succeed and documents refused with a reason.
        Assert.Contains(200, statuses);
        Assert.Contains(statuses, s => s >= 400);
    }

    [Fact]
    public void Targets_MalformedInputs_AnswerTheirEndpointsStatus()
    {
        // Broken JSON and a multipart body without a part: 400 with a reason; a PNG signature alone: 415.
        Assert.Equal(400, FuzzTargets.All["spec"]("{"u8.ToArray()));
        Assert.Equal(415, FuzzTargets.All["image"]([0x89, 0x50, 0x4E, 0x47])); // too short to be any known format
        Assert.Equal(400, FuzzTargets.All["multipart"]("--x\r\n"u8.ToArray()));
    }

    private static string CorpusRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var corpus = Path.Combine(dir.FullName, "tests", "CnnApi.Fuzz", "corpus");
            if (Directory.Exists(corpus)) return corpus;
        }
        throw new DirectoryNotFoundException("tests/CnnApi.Fuzz/corpus not found above " + AppContext.BaseDirectory);
    }
}
