#!/usr/bin/env bash
# Runs a command against a throwaway, unlocked GNOME Keyring in a temporary HOME, so tests use a
# real Secret Service without touching the user's own keychain. Call it under dbus-run-session.
set -euo pipefail
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "with-keyring.sh must run under dbus-run-session (no D-Bus session bus)." >&2
  exit 2
fi
export HOME="$(mktemp -d -t lead-manager-home.XXXXXX)"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$HOME/.run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock reads the new keyring's password from stdin; it is a throwaway, like the HOME it lives in.
eval "$(printf 'throwaway-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
trap 'rm -rf "$HOME"' EXIT
"$@"
