#!/usr/bin/env bash
# Smoke test of a desktop build: packaging/smoke-test.sh DIST_DIR (e.g. dist/annotator).
# Runs the built executable as a newcomer would, with Qt's offscreen platform and a throwaway home:
# the version, the window on the demo project (opened, a background job run in its own process, then
# quit), a span brought in through the command line and found again in an export split into train and
# test (story groups by MinHash, numpy), the boilerplate search (jusText, lxml, py3langid), and
# the shipped files. Exits non-zero, saying what failed, on the first failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }
[[ -d ${1:?usage: packaging/smoke-test.sh DIST_DIR} ]] || fail "no build at $1 (run bash packaging/build-linux.sh)"
dist=$(cd "$1" && pwd)
app=$dist/annotator
step() { echo "smoke test: $*"; }
[[ -x $app ]] || fail "no executable at $app"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache \
       XDG_STATE_HOME=$work/state XDG_RUNTIME_DIR=$work/runtime QT_QPA_PLATFORM=offscreen
unset ANNOTATOR_DB ANNOTATOR_USER PYTHONPATH PYTHONHOME
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cd "$work"

# run CMD...: its output in $out; a failure names the command and shows what it said
run() {
    if ! out=$("$@" 2>&1); then
        fail "'${*/#$app/annotator}' exited non-zero:"$'\n'"$out"
    fi
}

want=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$here/../annotator/__init__.py")
step "annotator --version (expecting $want)"
run "$app" --version
[[ $out == "annotator $want" ]] || fail "--version said '$out', expected 'annotator $want'"

step "the window on the demo project, offscreen, with one background job"
run "$app" --quit-after-start --as smoke
grep -q "^annotator: window shown: " <<< "$out" || fail "the window was not shown:"$'\n'"$out"
grep -q "^annotator: a background job ran in its own process: 5 documents" <<< "$out" \
    || fail "the background job did not run (or the demo project lacks its 5 seed articles):"$'\n'"$out"

step "a span through the command line: import a native JSONL line, export, find it"
cat > line.jsonl <<'EOF'
{"id": "smoke-1", "text": "كيم جونغ أون زار روسيا.", "meta": {"lang": "ar"}, "annotator": "smoke", "status": "done", "spans": [{"start": 0, "end": 12, "label": "PER", "text": "كيم جونغ أون"}]}
EOF
run "$app" import line.jsonl
grep -q "1 imported" <<< "$out" || fail "import did not import the line:"$'\n'"$out"
run "$app" export --format spans --split train=0.5,test=0.5 -o spans.jsonl
span='"start": 0, "end": 12, "label": "PER", "text": "كيم جونغ أون"'
cat spans*.jsonl > all.jsonl 2>/dev/null || fail "the export wrote no file:"$'\n'"$out"
grep -qF "$span" all.jsonl || fail "the span is not in the export ($(ls spans*.jsonl | tr '\n' ' ')):"$'\n'"$(head -c 2000 all.jsonl)"
[[ $(ls spans*.jsonl | wc -l) -ge 2 ]] || fail "--split wrote $(ls spans*.jsonl | wc -l) file(s), expected train and test"

step "the boilerplate search (jusText, lxml, py3langid)"
run "$app" suggest --boilerplate --json
run "$app" stats --json
grep -q '"documents": 6' <<< "$out" || fail "stats do not count the 6 documents:"$'\n'"$out"
grep -q '"ar": 4' <<< "$out" || fail "the languages were not identified (py3langid):"$'\n'"$out"

step "the shipped files"
internal=$dist/_internal
for file in annotator/resources/schema.toml annotator/resources/boilerplate_cues.toml annotator/resources/fonts/OFL.txt \
            annotator/resources/fonts/NotoNaskhArabic-Regular.ttf annotator/resources/schemas/native.schema.json \
            annotator/seeds/000_4eee2279a2a81452.txt PySide6/Qt/translations/qtbase_ar.qm PySide6/Qt/translations/qt_ar.qm \
            PySide6/Qt/plugins/platforms/libqxcb.so PySide6/Qt/plugins/platforms/libqoffscreen.so; do
    [[ -f $internal/$file ]] || fail "missing from the build: _internal/$file"
done
shopt -s nullglob
for ts in "$here"/../resources/translations/annotator_*.ts; do
    lang=${ts##*/annotator_}; lang=${lang%.ts}; lang=${lang%%_*}
    [[ -f $internal/annotator/resources/translations/annotator_$lang.qm ]] \
        || fail "the translation annotator_$lang.qm is missing from the build (its source: ${ts##*/})"
done
for file in "$dist"/annotator.desktop "$dist"/annotator.svg "$dist"/install.sh; do
    [[ -f $file ]] || fail "missing from the build: ${file##*/}"
done
step "passed"
