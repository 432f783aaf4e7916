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
trap 'rm -rf "$HOME"' EXIT
# Whatever D-Bus starts on demand (a keyring daemon, when a client asks for the Secret Service while
# none owns its name) gets this HOME too, never the user's own keyrings.
dbus-update-activation-environment HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
# --unlock reads the new keyring's password from stdin; it is a throwaway, like the HOME it lives in.
eval "$(printf 'throwaway-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
# The daemon may return before it has taken its bus name. A first call in that gap would have D-Bus
# start a second daemon (locked: it has no password) that can win the name: wait for the name and
# an unlocked default keyring first, asking only questions that never start anything.
ask() { dbus-send --session --print-reply --dest="$1" "$2" "$3" "${@:4}" 2>/dev/null; }
ready=""
for _ in $(seq 1 300); do
  if ask org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.secrets | grep -q 'boolean true' &&
    ask org.freedesktop.secrets /org/freedesktop/secrets/aliases/default org.freedesktop.DBus.Properties.Get \
      string:org.freedesktop.Secret.Collection string:Locked | grep -q 'boolean false'; then
    ready=1
    break
  fi
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "with-keyring.sh: the keyring daemon did not come up with an unlocked login keyring within 30 s." >&2
  exit 2
fi
"$@"
