# Shared by scripts/run and scripts/test: install what is missing, configure, build.
# Sourced, not executed.
set -euo pipefail

SOCKETSCOPE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOCKETSCOPE_BUILD=${SOCKETSCOPE_BUILD:-$SOCKETSCOPE_ROOT/build}
SOCKETSCOPE_CMAKE_ARGS=() # extra configure options (scripts/test --sanitize)
SOCKETSCOPE_BUILD_TARGETS=() # empty: everything
SOCKETSCOPE_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-private-dev qt6-websockets-dev qt6-charts-dev
    libqt6opengl6-dev libgl-dev fonts-dejavu-core libyaml-cpp-dev libssl-dev libhiredis-dev redis-server)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "Missing packages: ${missing[*]}; run as root or install sudo." >&2; exit 1; }
        sudo=(sudo)
    fi
    log "Installing Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build_socketscope() {
    ensure_packages "${SOCKETSCOPE_PACKAGES[@]}"
    log "Configuring in $SOCKETSCOPE_BUILD"
    cmake -S "$SOCKETSCOPE_ROOT" -B "$SOCKETSCOPE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "${SOCKETSCOPE_CMAKE_ARGS[@]}" >/dev/null
    log "Building"
    cmake --build "$SOCKETSCOPE_BUILD" --parallel "$(nproc)" ${SOCKETSCOPE_BUILD_TARGETS[@]:+--target "${SOCKETSCOPE_BUILD_TARGETS[@]}"}
}
