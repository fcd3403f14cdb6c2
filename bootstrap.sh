#!/usr/bin/env bash
# Install Paperkeep on a Debian 12 machine and run it, or run its test suite.
#
#   ./bootstrap.sh serve    install what Paperkeep needs, then start it (http://127.0.0.1:8000 by default)
#   ./bootstrap.sh install  only install
#   ./bootstrap.sh test     install what the tests need too, then run the whole suite
#
# Running it again is harmless and fast: Debian packages and Python dependencies are only installed when missing
# or when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"

RUNTIME_PACKAGES=(
  python3 python3-venv python3-dev gcc
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu
  ghostscript libmagic1 qpdf unpaper pngquant poppler-utils fonts-liberation
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
)
TEST_PACKAGES=(chromium redis-server postgresql)

say() { printf '[bootstrap] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  # Prefer a python3 on PATH that is 3.11 or newer and can make virtual environments; else Debian's.
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install_python_dependencies() {
  # $1 is "runtime" or "test"; a test install includes everything the runtime needs.
  local extras=$1 stamp="$VENV/.paperkeep-installed" hash
  hash=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] &&
    { grep -qxF "$hash $extras" "$stamp" || grep -qxF "$hash test" "$stamp"; }; then
    return 0
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    local python
    python=$(pick_python) || { say "no Python 3.11+ with venv found"; exit 1; }
    say "creating the virtual environment with $python"
    "$python" -m venv "$VENV"
  fi
  say "installing Python dependencies ($extras)"
  "$VENV/bin/python" -m pip install -q --upgrade pip setuptools wheel
  if [ "$extras" = "runtime" ]; then
    "$VENV/bin/python" -m pip install -q -e .
  else
    "$VENV/bin/python" -m pip install -q -e ".[$extras]"
  fi
  { grep -sxF "$hash runtime" "$stamp" || true; echo "$hash $extras"; } | sort -u >"$stamp.new"
  mv "$stamp.new" "$stamp"
}

install_runtime() {
  install_debian_packages "${RUNTIME_PACKAGES[@]}"
  install_python_dependencies runtime
}

install_test() {
  install_debian_packages "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
  install_python_dependencies test
}

run_tests() {
  install_test
  cd "$ROOT"
  export PATH="$VENV/bin:$PATH"
  say "ruff"
  ruff check src tests bench
  say "import contracts"
  lint-imports
  say "mypy"
  mypy
  say "pytest"
  set +e
  pytest "$@"
  local code=$?
  set -e
  if [ "$code" -eq 5 ]; then
    say "pytest collected no tests: that is a failure"
    exit 1
  fi
  exit "$code"
}

case "${1:-serve}" in
  install) install_runtime ;;
  serve)
    install_runtime
    exec "$VENV/bin/paperkeep" serve
    ;;
  test)
    shift || true
    run_tests "$@"
    ;;
  *)
    echo "usage: $0 [serve|install|test [pytest args]]" >&2
    exit 2
    ;;
esac
