#!/usr/bin/env bash
# Runs on the GPU machine (no Node, no network): unpacks Node, Dawn's binding and the
# Vulkan loader from .device/, then runs the bundled benchmark entry. Arguments pass to
# the entry (e.g. --quick). Output also goes to $OUT/log.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in .device/gl/*.deb; do dpkg -x "$f" /; done
ldconfig
d=/tmp/device
mkdir -p "$d" .device/node_modules/webgpu
xz -dc .device/node.xz > "$d/node"
chmod +x "$d/node"
xz -dc .device/dawn.node.xz > "$d/dawn.node"
# The bundle keeps `import('webgpu')` external; ESM resolution looks in node_modules beside
# the entry (NODE_PATH is for require only), so the shim that answers it from dawn.node
# lives in .device/node_modules.
echo '{ "name": "webgpu", "main": "index.js" }' > .device/node_modules/webgpu/package.json
cat > .device/node_modules/webgpu/index.js <<'JS'
const { create, globals } = require('/tmp/device/dawn.node');
module.exports = { create, globals };
JS
export XDG_RUNTIME_DIR=/tmp
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
mkdir -p "${OUT:=/tmp/gpu-out}"
export OUT
"$d/node" --max-old-space-size=16384 .device/entry.cjs "$@" 2>&1 | tee "$OUT/log.txt"
exit "${PIPESTATUS[0]}"
