#!/usr/bin/env bash
# The self-contained Linux desktop build: dist/annotator/ (run dist/annotator/annotator; no Python
# needed on the target machine) and dist/annotator-VERSION-linux-x86_64.tar.gz.
# From a clean clone: makes its own build venv (build/venv), installs annotator into it (not
# editable) with PyInstaller (the "build" extra), compiles the app's translations, runs
# packaging/annotator.spec, and packs the folder with the desktop entry, the icon and install.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

for tool in strip readelf file; do
    command -v $tool >/dev/null || { echo "build: needs $tool (Debian packages binutils, file)" >&2; exit 1; }
done

venv=build/venv
python=${PYTHON:-python3}
if [[ ! -x $venv/bin/python ]]; then
    echo "build: creating $venv"
    "$python" -m venv "$venv"
fi
echo "build: installing annotator and PyInstaller into $venv"
"$venv/bin/pip" install --quiet ".[build]"
version=$("$venv/bin/python" -c 'import annotator; print(annotator.__version__)')

# Libraries that Qt's X11 plugin needs and the build bundles (see the spec): they must be on this machine.
"$venv/bin/python" - <<'EOF'
import ctypes.util, sys
wanted = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1",
          "xcb-image": "libxcb-image0", "xcb-render-util": "libxcb-render-util0", "xcb-util": "libxcb-util1",
          "xkbcommon-x11": "libxkbcommon-x11-0", "xkbcommon": "libxkbcommon0"}
missing = [pkg for lib, pkg in wanted.items() if ctypes.util.find_library(lib) is None]
if missing:
    sys.exit("build: the build bundles these libraries, and this machine lacks them: "
             f"sudo apt-get install {' '.join(missing)}")
EOF

# The app's translations: every resources/translations/annotator_<lang>*.ts of a language (annotator_ar.ts,
# annotator_ar_menus.ts ...) compiled together into one annotator_<lang>.qm, with the lrelease that PySide6
# brings; the spec puts them in the build's resources/translations/.
qm_dir=build/qm
rm -rf "$qm_dir" && mkdir -p "$qm_dir"
shopt -s nullglob
sources=(resources/translations/annotator_*.ts)
if ((${#sources[@]} == 0)); then
    echo "build: no translation sources (resources/translations/annotator_*.ts): none compiled"
else
    lrelease=$("$venv/bin/python" -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "lrelease")')
    if [[ ! -x $lrelease ]]; then  # as annotator/gui/i18n.py looks for it: PySide6's, else one on PATH
        pyside=${lrelease%/*}
        lrelease=$(command -v pyside6-lrelease || command -v lrelease) \
            || { echo "build: no lrelease (not in $pyside, nor pyside6-lrelease or lrelease on PATH):" \
                      "the translations cannot be compiled; PySide6's wheel brings it, or put Qt 6's lrelease on PATH" >&2; exit 1; }
    fi
    key() { local name=${1##*/annotator_}; name=${name%.ts}; echo "${name%%[_-]*}"; }  # annotator_ar_menus.ts: ar
    for lang in $(for ts in "${sources[@]}"; do key "$ts"; done | sort -u); do
        files=()
        for ts in "${sources[@]}"; do [[ $(key "$ts") == "$lang" ]] && files+=("$ts"); done
        echo "build: translations $lang: ${files[*]} -> annotator_$lang.qm"
        "$lrelease" -silent "${files[@]}" -qm "$qm_dir/annotator_$lang.qm"
    done
fi
shopt -u nullglob

echo "build: running PyInstaller (packaging/annotator.spec)"
rm -rf dist/annotator
ANNOTATOR_QM_DIR=$qm_dir "$venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/annotator.spec

# Debug information off the libraries that carry it (the Python library alone: 17 MB of it), as Debian's
# packages do; not the libraries that wheels patched with patchelf (an $ORIGIN RPATH, or in a *.libs folder):
# strip breaks those.
find dist/annotator/_internal -type f -name '*.so*' -not -path '*.libs/*' -print0 | while IFS= read -r -d '' lib; do
    # grep reads all its input (no -q): under pipefail, a grep that quit early could fail readelf with SIGPIPE
    if file -b "$lib" | grep 'with debug_info' >/dev/null && ! readelf -d "$lib" | grep 'R.*PATH.*\$ORIGIN' >/dev/null; then
        strip --strip-unneeded "$lib"
    fi
done

# the desktop entry, the icon and their installer travel in the folder, and so in the tarball
cp packaging/annotator.desktop packaging/annotator.svg packaging/install.sh dist/annotator/
chmod +x dist/annotator/install.sh
tarball=dist/annotator-$version-linux-x86_64.tar.gz
tar -C dist -czf "$tarball" annotator
echo "build: dist/annotator/ $(du -sm dist/annotator | cut -f1) MB, $tarball $(du -m "$tarball" | cut -f1) MB"
