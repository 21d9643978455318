using CnnApi.Architectures;
using CnnApi.Architectures.Estimates;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Training;
using CnnApi.Workers;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// What a job will cost on this node before it runs (<see cref="TrainingEstimate"/> with this node's
/// <see cref="NodeThroughput"/>), and whether its memory fits <see cref="TrainingOptions.EffectiveMemoryBudgetBytes"/>.
/// Takes a request with every default filled in and its architecture resolved (what <see cref="JobPlanner"/> stores).
/// </summary>
public sealed class JobEstimator(NodeThroughput throughput, WorkerDevices devices, IOptions<TrainingOptions> options,
    ArchitectureProbes probes)
{
    public const int MnistTrainImages = 60_000, MnistTestImages = 10_000;

    /// <summary>The estimate from the fitted figure (or a measured one already kept): no probe runs. Enough for the memory check.</summary>
    public TrainingJobEstimate Estimate(TrainingJobRequest request) =>
        Estimate(request, ArchitectureDocuments.SummarizeStored(request.Architecture!.Value), request.Architecture.Value.GetRawText());

    private TrainingJobEstimate Estimate(TrainingJobRequest request, ArchitectureSummary summary, string architecture) =>
        Build(request, summary, throughput.Exact(Device(request.Device!), architecture, request.BatchSize!.Value), null);

    /// <summary>
    /// The estimate of <c>POST /api/v1/training-jobs/estimate</c>: when the job fits and this network was never timed at
    /// this batch size on this device, a probe times it first (<see cref="ArchitectureProbes"/>, within its limits).
    /// </summary>
    public async Task<TrainingJobEstimate> EstimateAsync(TrainingJobRequest request, string client, CancellationToken ct)
    {
        var summary = ArchitectureDocuments.SummarizeStored(request.Architecture!.Value);
        var architecture = request.Architecture.Value.GetRawText();
        var fitted = Estimate(request, summary, architecture);
        if (!fitted.Fits || fitted.Throughput.Source is "probe" or "job") return fitted;
        int batch = request.BatchSize!.Value;
        double fittedProbeSeconds = ThroughputProbe.JobImages(batch) / fitted.Throughput.TrainImagesPerSecond;
        var probed = await probes.GetAsync(fitted.Device, architecture, summary, batch, client, fittedProbeSeconds, ct);
        return Build(request, summary, probed.Figure, probed.SkippedBecause);
    }

    private TrainingJobEstimate Build(TrainingJobRequest request, ArchitectureSummary summary, NodeThroughput.ExactFigure? exact, string? probeSkipped)
    {
        int images = Math.Min(request.TrainLimit ?? MnistTrainImages, MnistTrainImages);
        int train = (int)Math.Floor(images * (1 - request.ValidationSplit!.Value));
        int test = Math.Min(request.TestLimit ?? MnistTestImages, MnistTestImages);
        var device = Device(request.Device!);
        var figure = throughput.For(device);
        int batch = request.BatchSize!.Value;
        var estimate = TrainingEstimate.For(summary, figure.Model, batch,
            TrainingMemory.OptimizerSlots(request.Optimizer!, request.Optimizer == "sgd" ? 0.9 : 0),
            request.Epochs!.Value, train, images - train, test, exact?.SecondsPerImage, request.EarlyStopping?.RestoreBestWeights == true,
            exact?.WarmupSeconds ?? 0);
        var m = estimate.Memory;
        long budget = options.Value.EffectiveMemoryBudgetBytes;
        return new TrainingJobEstimate(device, Math.Round(estimate.SecondsPerEpoch, 3), Math.Round(estimate.TotalSeconds, 3), Math.Round(estimate.WarmupSeconds, 3),
            new TrainingMemoryEstimate(m.WeightsBytes, m.GradientsBytes, m.OptimizerBytes, m.ActivationsBytes, m.RuntimeBytes, m.BestWeightsBytes, m.TotalBytes),
            m.TotalBytes <= budget, budget,
            new ThroughputFigure(exact?.Source ?? figure.Source, figure.CalibrationSamples, figure.JobSamples, Math.Round(estimate.TrainImagesPerSecond, 1),
                Math.Round(estimate.TrainImagesPerSecond * estimate.Features.Macs), (long)estimate.Features.Macs, exact?.MeasuredAt, probeSkipped),
            new EstimatedRun(request.Epochs.Value, batch, request.Optimizer!, train, images - train, test));
    }

    /// <summary>The 400 error a job whose memory does not fit the budget gets (path and message), or null.</summary>
    public (string Path, string Message)? MemoryError(TrainingJobRequest request, string architecturePath)
    {
        var e = Estimate(request);
        if (e.Fits) return null;
        var m = e.Memory;
        bool modelAlone = m.WeightsBytes + m.GradientsBytes + m.OptimizerBytes + m.RuntimeBytes + m.BestWeightsBytes > e.MemoryBudgetBytes;
        return (modelAlone ? architecturePath : "batchSize",
            $"Training needs about {Bytes(m.TotalBytes)} (weights {Bytes(m.WeightsBytes)}, gradients {Bytes(m.GradientsBytes)}, " +
            $"optimizer {Bytes(m.OptimizerBytes)}, activations {Bytes(m.ActivationsBytes)} for a batch of {e.Run.BatchSize}, runtime {Bytes(m.RuntimeBytes)}" +
            (m.BestWeightsBytes > 0 ? $", best weights kept by earlyStopping.restoreBestWeights {Bytes(m.BestWeightsBytes)}" : "") + ") " +
            $"but this node's budget is {Bytes(e.MemoryBudgetBytes)} (Training:MemoryBudgetBytes): " +
            (modelAlone ? "the architecture is too large to train here." : "use a smaller batch size or architecture."));
    }

    /// <summary>The torch device a request would train on here: <c>auto</c> is this node's first GPU, else the CPU.</summary>
    private string Device(string requested)
    {
        var assigned = requested == "auto" ? devices.Gpus.FirstOrDefault() ?? "cpu" : requested == "cuda" ? devices.Gpus.FirstOrDefault() ?? "cuda:0" : requested;
        return devices.TorchDevice(assigned);
    }

    /// <summary>Bytes in binary units, e.g. 1.5 GiB, 64.0 TiB.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return unit == 0 ? $"{bytes:N0} bytes" : $"{value:N1} {units[unit]}";
    }
}

/// <summary>
/// The answer of <c>POST /api/v1/training-jobs/estimate</c>: the time on <see cref="Device"/> and the memory of the job,
/// whether that fits this node's budget (a job that does not is refused at submission), the throughput figure used and the
/// run the figures are for (defaults filled in).
/// </summary>
/// <param name="Device">The torch device the job would train on here (<c>cpu</c>, <c>cuda:0</c>).</param>
/// <param name="SecondsPerEpoch">Training the epoch's images plus validating the held-out ones.</param>
/// <param name="TotalSeconds">Every epoch plus the final test.</param>
/// <param name="WarmupSeconds">Included once in <see cref="TotalSeconds"/>: what a fresh worker's first epoch adds while libtorch builds its kernels for these shapes (measured by the probe; 0 for a fitted figure).</param>
/// <param name="Fits">Whether <c>memory.totalBytes</c> is within <see cref="MemoryBudgetBytes"/>.</param>
/// <param name="Memory">The bytes the job adds while it trains.</param>
/// <param name="MemoryBudgetBytes">This node's budget for one job (<c>Training:MemoryBudgetBytes</c>, or half the memory the process may use).</param>
/// <param name="Throughput">The speed figure the time comes from.</param>
/// <param name="Run">The run estimated, defaults filled in.</param>
public sealed record TrainingJobEstimate(string Device, double SecondsPerEpoch, double TotalSeconds, double WarmupSeconds, TrainingMemoryEstimate Memory,
    bool Fits, long MemoryBudgetBytes, ThroughputFigure Throughput, EstimatedRun Run);

/// <summary>Bytes a job adds to the process while it trains (float32); <c>totalBytes</c> is what the budget is checked against.</summary>
/// <param name="WeightsBytes">The model's parameters and buffers (the summary's total parameters).</param>
/// <param name="GradientsBytes">One gradient per trainable parameter.</param>
/// <param name="OptimizerBytes">The optimizer's state (Adam 2 tensors per weight, RMSprop 1, SGD with momentum 1) plus its step's temporaries.</param>
/// <param name="ActivationsBytes">The batch's peak of forward tensors and backward gradients, with the allocator's slack.</param>
/// <param name="RuntimeBytes">libtorch's own per-run overhead (thread pools, kernel scratch), measured.</param>
/// <param name="BestWeightsBytes">With <c>earlyStopping.restoreBestWeights</c>, the copy of the best epoch's state kept through training: every parameter and buffer (BatchNorm's running statistics too; no gradients or optimizer state), as large as <c>weightsBytes</c>; else 0.</param>
/// <param name="TotalBytes">The sum of the others; a job is refused when it exceeds the budget.</param>
public sealed record TrainingMemoryEstimate(long WeightsBytes, long GradientsBytes, long OptimizerBytes, long ActivationsBytes,
    long RuntimeBytes, long BestWeightsBytes, long TotalBytes);

/// <summary>
/// The speed the time is computed from: measured for this very network and batch size on this device (<c>probe</c>: a
/// few batches timed for an estimate; <c>job</c>: a finished job's last epoch), else fitted over what this device has
/// measured (<c>default</c>: nothing yet; <c>calibration</c>: the benchmark run at start; <c>jobs</c> or
/// <c>calibration+jobs</c>: refined by finished jobs of any network).
/// </summary>
/// <param name="Source"><c>probe</c>, <c>job</c>, <c>default</c>, <c>calibration</c>, <c>jobs</c> or <c>calibration+jobs</c>.</param>
/// <param name="CalibrationSamples">Networks the start-up benchmark measured on this device.</param>
/// <param name="JobSamples">Finished jobs (the newest 20) whose speed refines the figure.</param>
/// <param name="TrainImagesPerSecond">This architecture's predicted training speed.</param>
/// <param name="MacsPerSecond">The same as multiply-accumulates per second (forward and backward: 3 × the summary's MACs per image).</param>
/// <param name="TrainMacsPerImage">3 × the summary's <c>totalMacs</c>.</param>
/// <param name="MeasuredAt">When <c>probe</c> or <c>job</c> measured this network; null for a fitted figure.</param>
/// <param name="ProbeSkipped">Why the estimate did not time this network itself (probes off, too slow, busy, a job of this node training on the device, this client's share used); null otherwise.</param>
public sealed record ThroughputFigure(string Source, int CalibrationSamples, int JobSamples, double TrainImagesPerSecond,
    double MacsPerSecond, long TrainMacsPerImage, DateTimeOffset? MeasuredAt, string? ProbeSkipped);

/// <summary>The run estimated: the request's values with the defaults filled in, and the image counts they give.</summary>
public sealed record EstimatedRun(int Epochs, int BatchSize, string Optimizer, int TrainImages, int ValidationImages, int TestImages);
