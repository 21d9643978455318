"""PyTorch twin of `dotnet run -c Release --project tests/CnnApi.Benchmarks -- train-seed-valid`.

Same model (seed-valid: 3x Conv2D(32, 3, relu) valid, channels-last Flatten, Dense(128, relu), Dense(10)),
same Keras-style init (glorot-uniform kernels, zero biases), Adam(lr 1e-3, eps 1e-7), batch size,
normalisation ((x/255 - 0.1307) / 0.3081), thread count and per-epoch shuffling scheme (not the same
random numbers). Run with Debian's interpreter: /usr/bin/python3 train_seed_valid.py --mnist data/datasets
Needs python3-torch and libopenblas0 (without it torch uses the reference BLAS and the Dense layer crawls);
compare.sh installs both and alternates this script with CnnApi's twin.
"""
import argparse, os, resource, struct, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(root, images, labels):
    x = torch.from_numpy(read_idx(os.path.join(root, images)).astype(np.float32) / 255.0)
    x = ((x - 0.1307) / 0.3081).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(read_idx(os.path.join(root, labels)).astype(np.int64))
    return x, y


class SeedValid(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv2d = nn.Conv2d(1, 32, 3)
        self.conv2d_1 = nn.Conv2d(32, 32, 3)
        self.conv2d_2 = nn.Conv2d(32, 32, 3)
        self.dense = nn.Linear(22 * 22 * 32, 128)
        self.dense_1 = nn.Linear(128, 10)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = F.relu(self.conv2d(x))
        x = F.relu(self.conv2d_1(x))
        x = F.relu(self.conv2d_2(x))
        x = x.permute(0, 2, 3, 1).flatten(1)  # Keras flattens channels-last
        return self.dense_1(F.relu(self.dense(x)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mnist", default="data/datasets")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--train-limit", type=int, default=None)
    # The two speed-ups CnnApi applies, for a tuned peer: channels_last convolutions here; glibc's thresholds come from
    # the environment (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_), set by compare.sh with TUNED=1.
    p.add_argument("--channels-last", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    x, y = load(a.mnist, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    tx, ty = load(a.mnist, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    if a.train_limit:
        x, y = x[:a.train_limit], y[:a.train_limit]
    model = SeedValid()
    layout = torch.channels_last if a.channels_last else torch.contiguous_format
    model = model.to(memory_format=layout)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    print(f"torch {torch.__version__}, seed-valid, batch {a.batch}, {torch.get_num_threads()} thread(s), {len(y)} training images"
          f"{', channels_last' if a.channels_last else ''}")
    for epoch in range(1, a.epochs + 1):
        model.train()
        g = torch.Generator().manual_seed(42 * 1_000_003 + epoch)
        order = torch.randperm(len(y), generator=g)
        start, loss_sum, correct = time.perf_counter(), 0.0, 0
        for i in range(0, len(y), a.batch):
            idx = order[i:i + a.batch]
            xb, yb = x.index_select(0, idx).contiguous(memory_format=layout), y.index_select(0, idx)
            opt.zero_grad()
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
        seconds = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"epoch {epoch}: loss {loss_sum / len(y):.4f} acc {correct / len(y):.4f} {seconds:.1f} s "
              f"{len(y) / seconds:.0f} images/s, max RSS {rss:.0f} MiB")
        model.eval()
        with torch.no_grad():
            hits = sum((model(tx[i:i + 1000]).argmax(1) == ty[i:i + 1000]).sum().item() for i in range(0, len(ty), 1000))
        print(f"after epoch {epoch}: test accuracy {hits / len(ty):.4f}")


if __name__ == "__main__":
    main()
