using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Training;

/// <summary>Mean loss and accuracy of a network on a slice of images, in eval mode without gradients.</summary>
internal static class Evaluator
{
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels,
        Device device, CancellationToken cancellationToken, int batchSize = 1000)
    {
        long count = labels.shape[0];
        if (count == 0) return (double.NaN, double.NaN);
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        for (long start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            long length = Math.Min(batchSize, count - start);
            var x = images.narrow(0, start, length).to(device);
            var y = labels.narrow(0, start, length).to(device);
            var logits = model.forward(x);
            lossSum += F.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
        }
        return (lossSum / count, (double)correct / count);
    }
}
