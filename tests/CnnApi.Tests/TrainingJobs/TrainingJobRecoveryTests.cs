using System.Net;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>Jobs survive a host restart and fail clearly without MNIST.</summary>
public sealed class TrainingJobRecoveryTests
{
    [Fact]
    public async Task Restart_MidJob_ResumesFromCheckpointAndSucceeds()
    {
        var storage = CnnApiFactory.NewStorageRoot();
        string id;
        string firstEpoch;
        using (var before = new CnnApiFactory(new Dictionary<string, string?>(), storage))
        {
            var jobs = new JobClient(before.CreateKeyedClient());
            id = (await jobs.StartAsync(JobClient.QuickJob(epochs: 4, trainLimit: 1024))).GetProperty("id").GetString()!;
            var running = await jobs.WaitForAsync(id, j => j.GetProperty("history").GetArrayLength() >= 1);
            firstEpoch = running.GetProperty("history")[0].ToString();
            Assert.True(File.Exists(Path.Combine(storage, "checkpoints", $"{Guid.Parse(id):N}.1.ckpt"))); // attempt 1's own checkpoint
        } // graceful stop: the running job checkpoints its epochs and goes back to the queue

        try
        {
            using var after = new CnnApiFactory(new Dictionary<string, string?>(), storage);
            var jobs = new JobClient(after.CreateKeyedClient());
            var job = await jobs.WaitForEndAsync(id);
            Assert.Equal("succeeded", JobClient.Status(job));
            Assert.Equal(2, job.GetProperty("attempts").GetInt32()); // it was stopped mid-run and started again
            var history = job.GetProperty("history");
            Assert.Equal(4, history.GetArrayLength());
            Assert.Equal(firstEpoch, history[0].ToString()); // epoch 1 was not trained again
            Assert.Equal(4, history.EnumerateArray().Select(h => h.GetProperty("epoch").GetInt32()).Distinct().Count());
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }

    [Fact]
    public async Task MnistMissing_JobFailsNamingTheFile()
    {
        var empty = Directory.CreateTempSubdirectory("cnnapi-no-mnist").FullName;
        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Datasets:Root"] = empty });
        var jobs = new JobClient(factory.CreateKeyedClient());
        var id = (await jobs.StartAsync(JobClient.QuickJob())).GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(id, seconds: 60);
        Assert.Equal("failed", JobClient.Status(job));
        var error = job.GetProperty("error").GetString()!;
        Assert.Contains("train-images-idx3-ubyte", error);
        Assert.Contains("missing", error);
        Directory.Delete(empty, recursive: true);
    }

    [Fact]
    public async Task MnistCorrupt_JobFailsSayingCorrupt()
    {
        var copy = Directory.CreateTempSubdirectory("cnnapi-bad-mnist").FullName;
        foreach (var file in Directory.GetFiles(TestData.MnistRoot)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var labels = Path.Combine(copy, "t10k-labels-idx1-ubyte");
        var bytes = await File.ReadAllBytesAsync(labels);
        bytes[100] ^= 0xFF;
        await File.WriteAllBytesAsync(labels, bytes);

        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Datasets:Root"] = copy });
        var jobs = new JobClient(factory.CreateKeyedClient());
        var id = (await jobs.StartAsync(JobClient.QuickJob())).GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(id, seconds: 60);
        Assert.Equal("failed", JobClient.Status(job));
        Assert.Contains("t10k-labels-idx1-ubyte is corrupt", job.GetProperty("error").GetString());
        Directory.Delete(copy, recursive: true);
    }
}
