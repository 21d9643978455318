using CnnApi.Torch.Devices;
using CnnApi.Torch.Training;
using CnnApi.Workers;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Runs the calibration benchmark (<see cref="ThroughputCalibration"/>, about 1–2 s of training on a quiet 2-core
/// machine) once the host has started, on a thread of its own with the training thread count, for each device this
/// node trains on; a failure is logged and leaves the default figure. Off with <c>Training:CalibrateAtStart=false</c>.
/// </summary>
public sealed class ThroughputCalibrationService(NodeThroughput throughput, WorkerDevices devices, IHostApplicationLifetime lifetime,
    IOptions<TrainingOptions> options, ILogger<ThroughputCalibrationService> logger) : IHostedService
{
    private Thread? _thread;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Set once the benchmark has run (or failed): for tests and the estimate's readers.</summary>
    public Task Completed => _completed.Task;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CalibrateAtStart) { _completed.TrySetResult(); return Task.CompletedTask; }
        // After start-up: the benchmark must not hold back readiness or the first requests' JIT.
        lifetime.ApplicationStarted.Register(() =>
        {
            _thread = new Thread(Calibrate) { IsBackground = true, Name = "throughput-calibration", Priority = ThreadPriority.BelowNormal };
            _thread.Start();
        });
        return Task.CompletedTask;
    }

    private void Calibrate()
    {
        try
        {
            TorchThreads.Set(options.Value.TorchThreads > 0 ? options.Value.TorchThreads : Environment.ProcessorCount);
            foreach (var device in devices.Offered.Select(devices.TorchDevice).Distinct())
            {
                var (samples, elapsed) = ThroughputCalibration.RunTimed(device, _stopping.Token);
                throughput.Calibrated(device, samples);
                logger.LogInformation("Throughput calibration on {Device} took {Seconds:0.00} s: {ImagesPerSecond} training images/s",
                    device, elapsed.TotalSeconds, string.Join(", ", samples.Select(s => (1 / s.SecondsPerImage).ToString("0"))));
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { logger.LogWarning(e, "Throughput calibration failed; estimates use the default figure until jobs finish"); }
        finally { _completed.TrySetResult(); }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(10));
        return Task.CompletedTask;
    }
}
