using BenchmarkDotNet.Running;
using CnnApi.Benchmarks;

if (args is ["predict-accuracy", ..]) return await PredictionAccuracyCommand.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
