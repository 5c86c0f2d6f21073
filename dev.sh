#!/usr/bin/env bash
# Sets up everything qroundtable needs on a fresh Debian/Ubuntu machine, then
#   bash dev.sh app    opens the desktop app on the demo roundtable
#   bash dev.sh test   runs the whole test suite
# Re-running is cheap: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")"

# Qt's runtime libraries, a virtual X screen, LibreOffice/poppler to check readouts render, and a
# D-Bus session (dbus: dbus-daemon, dbus-send) with the AT-SPI accessibility bus (at-spi2-core) and pyatspi for
# the system Python, to read the running app from outside as Orca does (tests/ui/test_atspi.py).
APT_PACKAGES=(
  python3 python3-venv python3-pip
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
  libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
  dbus at-spi2-core python3-pyatspi
)

install_system_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "qroundtable needs Python 3.11 or newer; $("$python" --version) found. Set PYTHON=/path/to/python3.11." >&2
    exit 1
  fi
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  # Reinstall only when the declared dependencies change.
  local stamp=.venv/.installed-pyproject
  if ! cmp -s pyproject.toml "$stamp"; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    cp pyproject.toml "$stamp"
  fi
}

install_system_packages
install_python_packages

case "${1:-}" in
  app)
    [ -f demo.qrt ] || .venv/bin/qroundtable --db demo.qrt demo
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display here, so the window cannot open; the demo's consensus instead:" >&2
      echo "(on a desktop session, 'bash dev.sh app' opens the app)" >&2
      exec .venv/bin/qroundtable --db demo.qrt consensus
    fi
    exec .venv/bin/qroundtable --db demo.qrt
    ;;
  test)
    shift
    exec .venv/bin/python -m pytest -q "$@"
    ;;
  *)
    echo "usage: bash dev.sh app | test" >&2
    exit 2
    ;;
esac
