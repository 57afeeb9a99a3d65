#!/usr/bin/env bash
# Prepares the GPU device check on this machine (the device machine reaches no registry and has no
# Node): bundles scripts/device/gpu-check.ts with the agent, the SDK collector and the wire schemas
# into one file, and packs this machine's node, both under .device-carry/ (ignored by git). Then run
#   bash scripts/device/gpu-check.sh
# on the device machine with `.device-carry` carried (the device tool's `carry`).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .device-carry
grep -qxF '/.device-carry/' .git/info/exclude 2>/dev/null || echo '/.device-carry/' >> .git/info/exclude
npx esbuild scripts/device/gpu-check.ts --bundle --platform=node --format=esm --target=node20 \
  --conditions=@vigil/source --outfile=.device-carry/gpu-check.mjs \
  --banner:js="import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);" \
  --log-level=warning
xz -T2 -6 -c "$(command -v node)" > .device-carry/node.xz
ls -la .device-carry
echo "prepared: run 'bash scripts/device/gpu-check.sh' on the device machine with carry ['.device-carry']"
