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
sed "s|^Exec=.*|Exec=\"$here/annotator\"|" "$here/annotator.desktop" > "$apps/annotator.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" 2>/dev/null || true
echo "annotator: added to the application menu ($apps/annotator.desktop, runs $here/annotator)"
