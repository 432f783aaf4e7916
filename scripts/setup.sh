#!/usr/bin/env bash
# Installs what Lead Manager needs on a fresh Debian machine: system packages (when missing) and
# the npm dependencies (sqlite3 and keytar compile from source). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# libreoffice-calc: test/csv/libreoffice.test.ts opens CSV exports in Calc, headless, to check that
# no cell runs as a formula (about 250 packages, 700 MB; 2.5 minutes to install on the build machines).
# fonts-noto-color-emoji: emoji in lead names render in the screenshots (docs/screenshots) instead of boxes.
packages=(libsecret-1-dev gnome-keyring dbus dbus-x11 chromium xvfb sqlite3 python3 make g++ libreoffice-calc fonts-noto-color-emoji)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi
for native in node_modules/sqlite3/build/Release/node_sqlite3.node node_modules/keytar/build/Release/keytar.node; do
  if [ ! -f "$native" ]; then
    echo "$native was not built; rebuilding it from source."
    npm rebuild sqlite3 keytar
    break
  fi
done
