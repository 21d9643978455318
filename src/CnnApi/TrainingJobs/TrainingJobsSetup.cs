using CnnApi.Torch.Devices;

namespace CnnApi.TrainingJobs;

/// <summary>The training-jobs feature: options, the store-backed queue, the worker.</summary>
public static class TrainingJobsSetup
{
    public static WebApplicationBuilder AddTrainingJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration("Training").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DatasetOptions>().BindConfiguration("Datasets").ValidateDataAnnotations().ValidateOnStart();
        // Before the first tensor: how glibc keeps libtorch's freed buffers (NativeAllocator); the worker logs the choice.
        builder.Services.AddSingleton(new NativeAllocatorChoice(builder.Configuration.GetValue("Training:KeepNativeBuffers", true)
            ? NativeAllocator.KeepTrainingBuffers() : "left as is: Training:KeepNativeBuffers=false"));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ICudaProbe, TorchCudaProbe>();
        builder.Services.AddSingleton<MnistCache>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobLeases>();
        builder.Services.AddSingleton<JobAttempt>();
        builder.Services.AddSingleton<JobFileSweep>();
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddSingleton<JobEvents>();
        builder.Services.AddSingleton<JobPlanner>();
        builder.Services.AddSingleton<InitialModels>();
        builder.Services.AddSingleton<TrainingRunner>();
        builder.Services.AddSingleton<TrainingWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TrainingWorker>());
        // Estimates (POST /api/v1/training-jobs/estimate, the memory check at submission).
        builder.Services.AddSingleton<NodeThroughput>();
        builder.Services.AddSingleton<ArchitectureProbes>();
        builder.Services.AddSingleton<JobEstimator>();
        builder.Services.AddSingleton<ThroughputCalibrationService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ThroughputCalibrationService>());
        return builder;
    }
}

/// <summary>What <see cref="NativeAllocator.KeepTrainingBuffers"/> did at start, for the worker's first log line.</summary>
public sealed record NativeAllocatorChoice(string Description);
