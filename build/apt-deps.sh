#!/usr/bin/env bash
# Debian packages the deployment tests need that a clean machine may lack (installed only when missing):
#   docker-compose  Debian's 1.29, which validates docker-compose.yml offline (no Docker engine needed)
#   setpriv         (util-linux) starts the published app as an unprivileged user
#   python3-onnx    ONNX 1.12's checker (onnx.checker.check_model, full_check) for the ONNX export tests
#   python3-torch   PyTorch 1.13 (with numpy and OpenBLAS) runs the generated PyTorch code on exported state_dicts
# kubectl (with Kustomize 5) must already be on the machine: Debian does not package a current one.
set -euo pipefail
missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)

/usr/bin/python3 -c 'import onnx' >/dev/null 2>&1 || missing+=(python3-onnx)

/usr/bin/python3 -c 'import torch, numpy' >/dev/null 2>&1 || missing+=(python3-torch python3-numpy libopenblas0)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing ${missing[*]}: apt-get install needs root; the deployment tests that use them will fail." >&2
    exit 0
  fi
  printf '\n==> Installing %s (Debian packages)\n' "${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v kubectl >/dev/null 2>&1 \
  || echo "kubectl not found: the Kubernetes manifest tests will fail (kubectl 1.27+ includes Kustomize 5)." >&2
exit 0
