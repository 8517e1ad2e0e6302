"""What ``annotator import --from FORMAT`` reads, as a source the importer reads itself or, for a large import,
in a process of its own (formats.read_ahead): the drafts of one format's files converted to native records,
and the readers' notes (warnings, what was left out) passed on with each batch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.schema import Schema
from annotator.formats.foreign import FORMATS
from annotator.formats.foreign.common import ForeignOptions, Notes
from annotator.formats.foreign.convert import Converter
from annotator.formats.reading import Item, Progress

News = tuple[list[str], Counter[str]]  # warnings, and what was left out, since the batch before


@dataclass
class ForeignSource:
    format: str  # a name in FORMATS
    options: ForeignOptions
    schema: Schema
    unit: str | None
    files: list[Path]
    notes: Notes = field(default_factory=Notes)  # this source's own: what news() has not passed on yet

    def items(self, advance: Progress | None) -> Iterator[Item]:
        reader = FORMATS[self.format]
        converter = Converter(self.schema, self.options, self.unit, self.notes)
        for path in self.files:
            for line, item in reader.read(path, self.options, self.notes):
                if isinstance(item, str):
                    yield (str(path), line), item
                else:
                    at, record = converter.record(path, item)
                    yield (str(path), at), record
            if advance:
                try:
                    advance(path.stat().st_size)
                except OSError:
                    pass  # gone since it was read: the progress bar ends short, nothing else depends on it

    def news(self) -> News | None:
        if not (self.notes.warnings or self.notes.left_out):
            return None
        news = (self.notes.warnings, self.notes.left_out)
        self.notes.warnings, self.notes.left_out = [], Counter()
        return news
