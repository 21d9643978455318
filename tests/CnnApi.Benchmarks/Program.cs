using BenchmarkDotNet.Running;
using CnnApi.Benchmarks;
using CnnApi.Torch.Devices;

// As the server does (Training:KeepNativeBuffers, default true); Training__KeepNativeBuffers=false measures glibc's defaults.
if (!string.Equals(Environment.GetEnvironmentVariable("Training__KeepNativeBuffers"), "false", StringComparison.OrdinalIgnoreCase))
    Console.Error.WriteLine($"native allocator: {NativeAllocator.KeepTrainingBuffers()}");

// Long runs are plain console modes; everything else goes to BenchmarkDotNet (--filter '*Summary*', …).
if (args is ["train-seed-valid", ..]) return TrainingBenchmarkCommand.Run(args);
if (args is ["estimate-check", ..]) return EstimateCheckCommand.Run(args);
if (args is ["estimate-measure", ..]) return EstimateCheckCommand.MeasureOne(args);
if (args is ["job-process-cost", ..]) return JobProcessCostCommand.Run(args);
if (args is ["onnx-export", ..]) return OnnxExportCommand.Run(args);
if (args is ["pytorch-export", ..]) return PyTorchExportCommand.Run(args);
if (args is ["export-cache", ..]) return ExportCacheCommand.Run(args);
if (args is ["train-recipe", ..]) return RecipeBenchmarkCommand.Run(args);
if (args is ["augmentation-cost", ..]) return AugmentationCostCommand.Run(args);
if (args is ["channels-last-trial", ..]) return ChannelsLastTrialCommand.Run(args);
if (args is ["predict-accuracy", ..]) return await PredictionAccuracyCommand.RunAsync(args);
if (args is ["soak", ..]) return await SoakCommand.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
