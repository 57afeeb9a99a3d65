#!/usr/bin/env bash
# GPU device check: `vigil agent --once` with the real nvidia-smi on a GPU machine, its sample
# compared with nvidia-smi's own CSV read just before and just after (scripts/device/gpu-check.ts).
# Prints a table and `gpu-check: PASS` or `gpu-check: FAIL` with the reasons; exit 0 on PASS.
# Prepare it first on a machine with Node and this repository's node_modules:
#   bash scripts/device/prepare-gpu-check.sh
# then run this script on the device machine with `.device-carry` carried. Results also go to
# $OUT/gpu-check.txt and $OUT/gpu-check.json when OUT is set.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f .device-carry/gpu-check.mjs ]; then
  echo "gpu-check: .device-carry/gpu-check.mjs is missing: run scripts/device/prepare-gpu-check.sh first and carry .device-carry"
  exit 2
fi
NODE=$(command -v node || true)
if [ -z "$NODE" ] || ! "$NODE" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  NODE=/tmp/vigil-node
  [ -x "$NODE" ] || { xz -dc .device-carry/node.xz > "$NODE" && chmod +x "$NODE"; } || { echo "gpu-check: no Node 20 here and .device-carry/node.xz could not be unpacked"; exit 2; }
fi
echo "gpu-check: node $("$NODE" --version), $(command -v "${NVIDIA_SMI:-nvidia-smi}" || echo "no ${NVIDIA_SMI:-nvidia-smi} on PATH")"
nvidia-smi --query-gpu=index,name,driver_version --format=csv,noheader 2>&1 | sed 's/^/gpu-check: /'
exec "$NODE" .device-carry/gpu-check.mjs
