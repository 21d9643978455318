#!/usr/bin/env bash
# A coverage-guided fuzzing campaign (SharpFuzz 2.3.0 + Debian's AFL++) on one target of tests/CnnApi.Fuzz:
#   build/fuzz.sh TARGET SECONDS      TARGET: spec, keras, job, image or multipart
# Instruments CnnApi.dll and CnnApi.Architectures.dll (SkiaSharp decodes natively: not instrumented) in a private copy of the build output
# (the originals are hard links shared with other outputs), runs afl-fuzz from tests/CnnApi.Fuzz/corpus/TARGET for
# SECONDS, then copies the new inputs that afl-cmin keeps (at most 16 KB each) into the corpus and prints any crash
# (reproduce one with: dotnet tests/CnnApi.Fuzz/bin/Release/net10.0/linux-x64/CnnApi.Fuzz.dll TARGET FILE).
# Work folder: ${FUZZ_WORK:-~/.cache/cnnapi-fuzz}/TARGET (kept for inspection). No network at all.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: build/fuzz.sh TARGET SECONDS}
SECONDS_TO_RUN=${2:?usage: build/fuzz.sh TARGET SECONDS}
CORPUS=tests/CnnApi.Fuzz/corpus/$TARGET
[ -d "$CORPUS" ] || { echo "no corpus for '$TARGET' (spec, keras, job, image, multipart)" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { apt-get update -qq && apt-get install -y -qq afl++ >/dev/null; }
dotnet tool restore -v q >/dev/null
dotnet build tests/CnnApi.Fuzz/CnnApi.Fuzz.csproj -c Release -nologo -clp:ErrorsOnly

WORK=${FUZZ_WORK:-$HOME/.cache/cnnapi-fuzz}/$TARGET   # not under /tmp: afl-cmin refuses it
rm -rf "$WORK" && mkdir -p "$WORK"
cp -al tests/CnnApi.Fuzz/bin/Release/net10.0/linux-x64 "$WORK/bin"
for dll in CnnApi.dll CnnApi.Architectures.dll; do
  cp --remove-destination "tests/CnnApi.Fuzz/bin/Release/net10.0/linux-x64/$dll" "$WORK/bin/$dll"
  dotnet tool run sharpfuzz "$WORK/bin/$dll" >/dev/null
done

DOTNET=$(readlink -f "$(command -v dotnet)")   # afl-cmin wants the real executable
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export DOTNET_TieredPGO=0 DOTNET_TC_QuickJitForLoops=1
# -t: a slow first run on this shared machine is not a hang; -m none: .NET reserves far more address space than it uses.
afl-fuzz -i "$CORPUS" -o "$WORK/findings" -t 10000 -m none -V "$SECONDS_TO_RUN" -- "$DOTNET" "$WORK/bin/CnnApi.Fuzz.dll" "$TARGET" \
  | grep -E 'corpus|crash|hang|exec|Fuzzing|ERROR|PROGRAM ABORT' | tail -15 || true
STATS=$WORK/findings/default/fuzzer_stats
[ -f "$STATS" ] && grep -E '^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg) ' "$STATS"

# New interesting inputs: afl-cmin over queue + corpus, keep the small new ones (at most 16 KB each).
mkdir -p "$WORK/min"
afl-cmin -i "$WORK/findings/default/queue" -o "$WORK/min" -t 10000 -m none -- "$DOTNET" "$WORK/bin/CnnApi.Fuzz.dll" "$TARGET" >/dev/null 2>&1 || true
added=0
for f in "$WORK"/min/*; do
  [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 16384 ] || continue
  sum=$(sha256sum "$f" | cut -c1-16)
  grep -qx "$sum" <(for c in "$CORPUS"/*; do sha256sum "$c" | cut -c1-16; done) && continue
  cp "$f" "$CORPUS/afl-$sum"; added=$((added + 1))
done
echo "$added new corpus files in $CORPUS"
crashes=$(find "$WORK/findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "$crashes crashes (in $WORK/findings/default/crashes)"
for f in $(find "$WORK/findings/default/crashes" -type f -name 'id:*' 2>/dev/null | head -5); do
  dotnet tests/CnnApi.Fuzz/bin/Release/net10.0/linux-x64/CnnApi.Fuzz.dll "$TARGET" "$f" 2>&1 | tail -3
done
[ "$crashes" -eq 0 ]
