#!/usr/bin/env bash
# Sets up everything IEPDesk needs on a Debian or Ubuntu machine, then runs one task:
#   ./dev.sh demo    the app on the demo vault
#   ./dev.sh test    lint and the whole test suite
#   ./dev.sh bench   the benchmarks (tests/benchmarks)
#   ./dev.sh mutate  a short mutation check: do the tests catch small bugs put into key modules?
#   ./dev.sh screenshots   pictures of the main screens (docs/screenshots)
#   ./dev.sh package   the Linux app (dist/IEPDesk and a tarball), then its smoke test
#   ./dev.sh run …   the app or the iepdesk command, with its arguments
# System packages are installed with apt (through sudo when not root) only when missing;
# Python packages go into .venv, refreshed whenever pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PY=${PYTHON:-python3}

# Libraries Qt needs to start (offscreen for tests, on screen for the app) and the OCR engine.
QT_BASE=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3)
QT_SCREEN=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
           libxcb-render-util0 libxcb-xinerama0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libx11-xcb1)
OCR=(tesseract-ocr tesseract-ocr-eng)

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Please install these system packages with your package manager: ${missing[*]}" >&2
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

setup_python() {
  if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "IEPDesk needs Python 3.11 or newer ($PY is $("$PY" --version 2>&1))." >&2
    exit 2
  fi
  if ! "$PY" -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3-venv
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed" want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q -e ".[test,package]" >&2
    echo "$want" > "$stamp"
  fi
}

task=${1:-help}
[ $# -gt 0 ] && shift
case "$task" in
  demo)
    apt_install "${QT_BASE[@]}" "${QT_SCREEN[@]}" "${OCR[@]}"
    setup_python
    exec "$VENV/bin/python" app.py --demo "$@"
    ;;
  run)
    apt_install "${QT_BASE[@]}" "${QT_SCREEN[@]}"
    setup_python
    exec "$VENV/bin/iepdesk" "$@"
    ;;
  test)
    apt_install "${QT_BASE[@]}" "${OCR[@]}"
    setup_python
    "$VENV/bin/ruff" check .
    "$VENV/bin/mypy"
    QT_QPA_PLATFORM=offscreen exec "$VENV/bin/python" -m pytest "$@"
    ;;
  mutate)
    apt_install "${QT_BASE[@]}" "${OCR[@]}"
    setup_python
    QT_QPA_PLATFORM=offscreen exec "$VENV/bin/python" -m tests.mutate "$@"
    ;;
  screenshots)
    apt_install "${QT_BASE[@]}" "${OCR[@]}"
    setup_python
    QT_QPA_PLATFORM=offscreen exec "$VENV/bin/python" -m iepdesk.gui.screenshots docs/screenshots
    ;;
  package)
    apt_install "${QT_BASE[@]}" binutils
    setup_python
    bash packaging/build.sh
    exec bash packaging/smoke.sh dist/IEPDesk
    ;;
  bench)
    apt_install "${QT_BASE[@]}" "${OCR[@]}"
    setup_python
    QT_QPA_PLATFORM=offscreen exec "$VENV/bin/python" -m pytest tests/benchmarks -p no:randomly -s "$@"
    ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    [ "$task" = help ] || exit 2
    ;;
esac
