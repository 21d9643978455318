#!/usr/bin/env bash
# The peer comparison of docs/benchmarks.md, self-contained: installs what PyTorch needs on Debian 12 as a new user
# would (python3-torch, and libopenblas0: without it Debian's torch falls back to the reference BLAS and its Dense
# layer is several times slower), builds the benchmarks, then alternates CnnApi and PyTorch on seed-valid in this one
# session (batch 128, THREADS threads, one epoch of TRAIN_LIMIT images each, ROUNDS pairs) and prints images/s.
# TUNED=1 adds a third run per round: PyTorch with CnnApi's two speed-ups (channels_last, glibc's malloc thresholds).
#   ROUNDS=3 TRAIN_LIMIT=60000 THREADS=2 [TUNED=1] tests/CnnApi.Benchmarks/pytorch/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${ROUNDS:-3} TRAIN_LIMIT=${TRAIN_LIMIT:-60000} THREADS=${THREADS:-2}
MNIST=${MNIST_ROOT:-data/datasets}

missing=()
for p in python3-torch libopenblas0; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
echo "BLAS behind Debian's torch: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
[ -x tests/CnnApi.Benchmarks/bin/Release/net10.0/linux-x64/CnnApi.Benchmarks ] && [ "${BUILD:-1}" = 0 ] ||
  dotnet build tests/CnnApi.Benchmarks/CnnApi.Benchmarks.csproj -c Release -nologo -clp:ErrorsOnly >&2

# OpenBLAS has its own thread pool beside torch's OpenMP one: give it the same count.
export OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS
echo "$(date -u '+%F %T') UTC, load $(cut -d' ' -f1-3 /proc/loadavg), $ROUNDS rounds, $TRAIN_LIMIT images, batch 128, $THREADS threads"
for round in $(seq 1 "$ROUNDS"); do
  cs=$(tests/CnnApi.Benchmarks/bin/Release/net10.0/linux-x64/CnnApi.Benchmarks train-seed-valid --straight --epochs 1 --batch 128 \
        --threads "$THREADS" --train-limit "$TRAIN_LIMIT" --mnist "$MNIST" | grep -o '[0-9]* images/s' | head -1)
  py=$(/usr/bin/python3 tests/CnnApi.Benchmarks/pytorch/train_seed_valid.py --epochs 1 --batch 128 --threads "$THREADS" \
        --train-limit "$TRAIN_LIMIT" --mnist "$MNIST" | grep -o '[0-9]* images/s' | head -1)
  tuned=""
  if [ "${TUNED:-0}" = 1 ]; then
    tuned=$(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=67108864 /usr/bin/python3 tests/CnnApi.Benchmarks/pytorch/train_seed_valid.py \
        --epochs 1 --batch 128 --threads "$THREADS" --train-limit "$TRAIN_LIMIT" --mnist "$MNIST" --channels-last | grep -o '[0-9]* images/s' | head -1)
    tuned=", PyTorch tuned ${tuned:-?}"
  fi
  echo "round $round: CnnApi ${cs:-?}, PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') ${py:-?}$tuned (load $(cut -d' ' -f1 /proc/loadavg))"
done
