namespace CnnApi.Torch.Mnist;

/// <summary>
/// MNIST files are absent, corrupt or malformed. The message names the file and the problem, so the host
/// can fail the job with it as is.
/// </summary>
public sealed class MnistDataException(string message, Exception? inner = null) : Exception(message, inner);
