"""``annotator import --from FORMAT``: read other tools' files twice. First for their labels, so that a file
whose labels the layer lacks is refused whole (or, with --add-labels, the labels are added first); then
for good, every draft converted and checked, and stored through the native import's batches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.offsets import UNITS
from annotator.core.schema_edit import add_labels
from annotator.formats.foreign import FORMATS, Format
from annotator.formats.foreign.common import Draft, ForeignOptions, Notes
from annotator.formats.foreign.convert import Converter, target_layer
from annotator.formats.foreign.source import ForeignSource
from annotator.formats.importer import ImportReport, Importer, collect_files
from annotator.store.project import Project


class ForeignImport:
    """One import of one format's files into a project."""

    def __init__(self, project: Project, name: str, options: ForeignOptions, *,
                 on_reject: Callable[[str], None] | None = None, on_warning: Callable[[str], None] | None = None,
                 progress: Callable[[int], None] | None = None) -> None:
        if name not in FORMATS:
            raise InputError("--from", f"unknown format {name!r} (one of native, {', '.join(FORMATS)})")
        self.format: Format = FORMATS[name]
        if options.unit is not None:
            if self.format.unit is None:
                raise InputError("--offsets", f"{name} files have no offsets (the text is rebuilt from the tokens)")
            if options.unit not in UNITS:
                raise InputError("--offsets", f"{options.unit!r} is not one of {', '.join(UNITS)}")
        if options.layer_field is not None and name != "webanno-tsv":
            raise InputError("--layer-field", "is for --from webanno-tsv")
        if options.text_field is not None and name != "label-studio":
            raise InputError("--text-field", "is for --from label-studio")
        self.project = project
        self.options = options
        self.unit = options.unit or self.format.unit
        self.notes = Notes(on_warning)
        self.on_reject = on_reject
        self.progress = progress
        self.layer = target_layer(project.schema, options)  # an unknown --layer is refused before anything is read
        # a bad --annotator too: refused here, not after --add-labels has changed the schema
        self.importer = Importer(project, annotator=options.annotator, on_reject=on_reject)

    def collect(self, paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
        """The files to read (folders walked for the format's suffixes), and why named paths cannot be."""
        return collect_files(paths, self.format.suffixes)

    def unknown_labels(self, files: Iterable[Path]) -> dict[Path, Counter[str]]:
        """The labels each file would bring that the layer lacks (after --map), with their counts."""
        converter = Converter(self.project.schema, self.options, self.unit, Notes())
        unknown: dict[Path, Counter[str]] = {}
        for path in files:
            labels: Counter[str] = Counter()
            for _, item in self.format.read(path, self.options, Notes()):
                if isinstance(item, Draft):
                    labels += converter.labels(item)
            missing = converter.unknown(labels)
            if missing:
                unknown[path] = missing
        return unknown

    def add_labels(self, labels: Iterable[str]) -> list[str]:
        """Add ``labels`` to the layer (a schema change: leads, as the caller checks); the ones added."""
        schema = self.project.schema
        layer = schema.layer(self.layer)
        assert layer is not None
        new = [name for name in dict.fromkeys(labels) if layer.label(name) is None]
        if new:
            self.project.set_schema(add_labels(schema, self.layer, new))
        return new

    def refusal(self, path: Path, labels: Counter[str]) -> str:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0])))
        return (f"{path}: labels that layer {self.layer!r} does not have: {listed}; nothing of this file was "
                f"imported. Rename them with --map OLD=NEW (OLD= leaves them out), or add them to the layer "
                f"with --add-labels {self.layer} (leads)")

    def run(self, files: Iterable[Path]) -> ImportReport:
        """Import the files: every draft converted, checked and stored (or refused, with where and why); a
        large import is read in a process of its own, as a native one is (formats.read_ahead)."""
        files = list(files)
        self.importer.on_reject, self.importer.progress = self.on_reject, self.progress
        source = ForeignSource(self.format.name, self.options, self.project.schema, self.unit, files)
        return self.importer.read(source, lambda news: self.notes.take(*news))
