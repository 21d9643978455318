// Torch's random generator is process-wide: a test drawing random numbers in parallel with a training
// test would change that test's initial weights or dropout masks. On two cores parallelism buys little.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
