"""Readers of other annotation tools' files (``annotator import --from FORMAT``): each turns its format into
native records, which are then checked and stored exactly as native lines are."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from annotator.formats.foreign import brat, conll, doccano, label_studio, prodigy, webanno
from annotator.formats.foreign.common import ForeignOptions, Item, Notes


@dataclass(frozen=True)
class Format:
    name: str
    unit: str | None  # what the file's offsets count by default; None: it has none (CoNLL)
    suffixes: tuple[str, ...]  # the files read from a folder, or named
    read: Callable[[Path, ForeignOptions, Notes], Iterator[Item]]


def _format(name: str, module: ModuleType) -> Format:
    return Format(name, module.UNIT, module.SUFFIXES, module.read)


FORMATS = {f.name: f for f in (_format("doccano", doccano), _format("label-studio", label_studio),
                                _format("brat", brat), _format("conll", conll), _format("webanno-tsv", webanno),
                                _format("prodigy", prodigy))}
