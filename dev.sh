#!/usr/bin/env bash
# plcpub developer entry point: sets up a fresh Debian machine on first use, then runs a task.
#   bash dev.sh site   -> build the example site (python build.py)
#   bash dev.sh test   -> run the test suite (pytest, slow tests included)
#   bash dev.sh check  -> validate plans/ and content/ (python build.py check)
# Setup is idempotent: system packages are installed only when missing, the venv only
# when pyproject.toml or constraints.txt changed since the last install.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils)
VENV=.venv

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here);
# LibreOffice (Calc, Writer) checks that ODS formulas compute the right totals and every ODT opens.
[ "${1:-site}" = "test" ] && APT_PACKAGES+=(chromium libreoffice-calc-nogui libreoffice-writer-nogui openssl)
# pdf.js (Firefox's PDF viewer) comes from npm: the form tests fill and draw forms with it too.
[ "${1:-site}" = "test" ] && ! command -v npm >/dev/null && APT_PACKAGES+=(npm)
PDFJS_VERSION=6.5.438

need_apt=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> 安裝系統套件：${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# Exact versions from constraints.txt: byte-identical builds depend on them.
stamp="$VENV/.installed-$(cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)"
if [ ! -e "$stamp" ]; then
  echo "==> 建立 Python 虛擬環境 $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q -c constraints.txt -e '.[test]'
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi

if [ "${1:-site}" = "test" ] && [ ! -e ".cache/npm/node_modules/pdfjs-dist/.v$PDFJS_VERSION" ]; then
  echo "==> 安裝 pdf.js（pdfjs-dist $PDFJS_VERSION）"
  mkdir -p .cache/npm
  npm install --prefix .cache/npm --no-audit --no-fund --silent "pdfjs-dist@$PDFJS_VERSION"
  touch ".cache/npm/node_modules/pdfjs-dist/.v$PDFJS_VERSION"
fi

task="${1:-site}"; shift || true
case "$task" in
  site)  exec "$VENV/bin/python" build.py "$@" ;;
  check) exec "$VENV/bin/python" build.py check "$@" ;;
  test)  exec "$VENV/bin/python" -m pytest -m "slow or not slow" "$@" ;;
  *) echo "用法：bash dev.sh [site|test|check]" >&2; exit 2 ;;
esac
