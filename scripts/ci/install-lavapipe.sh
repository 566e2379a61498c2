#!/usr/bin/env bash
# Installs lavapipe, Mesa's CPU Vulkan driver, from Debian bookworm-backports (Mesa 25):
# Dawn (the `webgpu` package) rejects bookworm's own Mesa 22 lavapipe. With it, the
# WebGPU backend and our WGSL kernels run on a machine without a GPU, slowly: enough to
# test kernels for correctness. Needs root. Afterwards:
#   export VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.json
set -euo pipefail
icd=/usr/share/vulkan/icd.d/lvp_icd.json
if [ -f "$icd" ] && dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -q '^25'; then
  exit 0
fi
src=/etc/apt/sources.list.d/debian.sources
uri=$(awk '/^URIs:/ {print $2; exit}' "$src" 2>/dev/null || true)
uri=${uri:-http://deb.debian.org/debian}
cat > /etc/apt/sources.list.d/bookworm-backports.sources <<SRC
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers >/dev/null
test -f "$icd"
