#!/usr/bin/env bash
# Installs the Debian packages amb builds against (shared/PLATFORM.md), then configures and
# builds in Release. Idempotent: installed packages are skipped and the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  "") ;;
  -h | --help)
    echo "usage: scripts/setup.sh"
    echo "Installs the Debian packages amb needs (apt-get, as root or with sudo), then configures"
    echo "and builds amb in build/ (Release). Safe to run again: only what is missing is done."
    exit 0 ;;
  *) echo "scripts/setup.sh: takes no arguments, got '$1' (see --help)" >&2; exit 2 ;;
esac

packages=(
  cmake g++ make
  libcaf-dev
  libtorch-dev libopenblas0-pthread
  libdnnl-dev  # oneDNN's headers: the learners' GEMMs (LibTorch links its library already)
  libmujoco-dev libqhull-dev
  nlohmann-json3-dev
  libcli11-dev  # every command's options and --help
  libboost-dev
  doctest-dev
  gnuplot-nox
  ffmpeg      # amb render's videos; tests decode pictures with it
  libegl-dev libgl-dev          # amb render: an EGL context; MuJoCo loads libEGL.so and libGL.so
  libegl-mesa0 libgl1-mesa-dri  # Mesa's surfaceless EGL and its software rasteriser (no GPU)
  openssl     # amb certs: the cluster's CA and node certificates
  iproute2    # the two-namespace cluster test (ip netns, veth)
)

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "[setup] error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "[setup] all Debian packages present"
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"
