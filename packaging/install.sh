#!/bin/sh
# Put annotator into this user's application menu: a desktop entry that runs this folder's
# executable, and its icon. Run it from the unpacked folder; run it again after moving the folder.
# Remove with: rm ~/.local/share/applications/annotator.desktop ~/.local/share/icons/hicolor/scalable/apps/annotator.svg
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps
mkdir -p "$apps" "$icons"
cp "$here/annotator.svg" "$icons/annotator.svg"
# The executable's path as the Desktop Entry spec wants it in Exec: quoted, with " ` $ \ escaped by a
# backslash inside the quotes, every backslash then doubled (Exec is a string value) and % written %%.
# Handed to awk through the environment: a folder named "R&D" or "a|b" would break a sed replacement.
exec_line=$(printf '%s\n' "$here/annotator" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
ANNOTATOR_EXEC="Exec=\"$exec_line\"" awk '/^Exec=/ { print ENVIRON["ANNOTATOR_EXEC"]; next } { print }' \
    "$here/annotator.desktop" > "$apps/annotator.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" 2>/dev/null || true
echo "annotator: added to the application menu ($apps/annotator.desktop, runs $here/annotator)"
