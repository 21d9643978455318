using System.Diagnostics;
using CnnApi.Torch.Devices;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>channels-last-trial [--rounds 3] [--batches 40] [--batch 128] [--threads 2]</c>: does the channels_last memory format
/// speed up training seed-valid's layers on this CPU? TorchSharp 0.107 exposes no <c>memory_format</c>, so the trial builds
/// seed-valid from torch.nn modules and gives the one-channel input NHWC strides (a view of the same bytes, no copy):
/// libtorch's convolutions then produce channels_last outputs for the rest of the network, forward and backward, and the
/// Keras-order Flatten (a permute to NHWC) needs no copy. Alternates plain and channels_last passes of Adam
/// training on random data in one process and prints seconds per batch of each, and their ratio.
/// </summary>
internal static class ChannelsLastTrialCommand
{
    internal static int Run(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int rounds = int.Parse(Option("--rounds", "3")), batches = int.Parse(Option("--batches", "40")), batch = int.Parse(Option("--batch", "128"));
        TorchThreads.Set(int.Parse(Option("--threads", Environment.ProcessorCount.ToString())));
        torch.manual_seed(1);
        var conv1 = nn.Conv2d(1, 32, 3); var conv2 = nn.Conv2d(32, 32, 3); var conv3 = nn.Conv2d(32, 32, 3);
        var dense1 = nn.Linear(22 * 22 * 32, 128); var dense2 = nn.Linear(128, 10);
        var parameters = new[] { conv1, conv2, conv3 }.SelectMany(m => m.parameters())
            .Concat(dense1.parameters()).Concat(dense2.parameters()).ToList();
        var optimizer = optim.Adam(parameters, 1e-3);
        using var x = rand(batch, 1, 28, 28);
        using var y = randint(0, 10, [batch], dtype: int64);

        // One channel: the same bytes viewed with NHWC strides (784, 1, 28, 1): no copy at all.
        using var xLast = x.view(batch, 28, 28, 1).permute(0, 3, 1, 2);

        Tensor Forward(bool channelsLast, out string conv2Strides)
        {
            var h = F.relu(conv1.forward(channelsLast ? xLast : x));
            h = F.relu(conv2.forward(h));
            conv2Strides = string.Join(",", h.stride());
            h = F.relu(conv3.forward(h));
            h = h.permute(0, 2, 3, 1).reshape(batch, -1);  // Keras's Flatten order
            return dense2.forward(F.relu(dense1.forward(h)));
        }

        double Pass(bool channelsLast, out string strides)
        {
            strides = "";
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < batches; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = F.cross_entropy(Forward(channelsLast, out strides), y);
                loss.backward();
                optimizer.step();
                loss.item<float>();
            }
            return clock.Elapsed.TotalSeconds / batches;
        }

        Pass(false, out _); Pass(true, out _);  // warm-up: kernels, allocator pools
        Console.WriteLine($"{DateTime.UtcNow:u}, load average {File.ReadAllText("/proc/loadavg")[..14]}, batch {batch}, {batches} batches per pass");
        var ratios = new List<double>();
        for (int r = 1; r <= rounds; r++)
        {
            double plain = Pass(false, out var plainStrides), last = Pass(true, out var lastStrides);
            ratios.Add(plain / last);
            Console.WriteLine(FormattableString.Invariant(
                $"round {r}: plain {plain * 1000:F1} ms/batch (conv2 output strides {plainStrides}), channels_last {last * 1000:F1} ms/batch (strides {lastStrides}), speed-up {plain / last:F2}×"));
        }
        Console.WriteLine(FormattableString.Invariant($"median speed-up {ratios.Order().ElementAt(ratios.Count / 2):F2}×; load average now {File.ReadAllText("/proc/loadavg")[..14]}"));
        return 0;
    }
}
