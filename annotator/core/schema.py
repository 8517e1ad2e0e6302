"""The annotation schema: span layers and document tasks, loaded from TOML and validated."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.core.errors import SchemaError
from annotator.core.untrusted import UntrustedError, check_name

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")  # fullmatch: "$" would let a trailing newline through
STYLES = ("box", "band", "underline")
_NAME = re.compile(r"[^\W\d_][\w\-]*")  # letters of any script (Arabic labels too), digits, _ and -


@dataclass(frozen=True)
class Label:
    name: str
    color: str
    key: str
    description: str


@dataclass(frozen=True)
class Layer:
    """A span layer: character spans, each with one of ``labels``."""

    name: str
    description: str
    labels: tuple[Label, ...]
    allow_overlap: bool = False
    target_task: str | None = None  # spans carry attrs["target"], one of that task's targets
    style: str = "box"  # how the app draws its spans: "box", "band" (shaded line) or "underline"

    def label(self, name: str) -> Label | None:
        return next((lab for lab in self.labels if lab.name == name), None)


@dataclass(frozen=True)
class Task:
    """A document-level task: one label per document (and per target, when there are targets)."""

    name: str
    description: str
    labels: tuple[Label, ...]
    targets: tuple[str, ...] = ()
    # other names a target goes by in the documents ("Russia": "روسيا", "موسكو"): where the stance model
    # looks for what is said of it, and names word snapping knows
    target_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)

    def label(self, name: str) -> Label | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def names_of(self, target: str) -> tuple[str, ...]:
        """The target as the schema spells it, then its other names."""
        return (target, *self.target_names.get(target, ())) if target else ()


@dataclass(frozen=True)
class Schema:
    name: str
    layers: tuple[Layer, ...]
    tasks: tuple[Task, ...]
    source: str  # the TOML text, kept so a project stores exactly what it was given

    def layer(self, name: str) -> Layer | None:
        return next((lay for lay in self.layers if lay.name == name), None)

    def task(self, name: str) -> Task | None:
        return next((t for t in self.tasks if t.name == name), None)

    def name_layers(self) -> list[str]:
        """The layers that hold names (boxes without a stance target): what the model learns and what
        word snapping's known names are read from."""
        return [lay.name for lay in self.layers if lay.style == "box" and lay.target_task is None]

    def layers_with_label(self, label: str) -> list[Layer]:
        return self._layers_by_label.get(label, [])

    @cached_property
    def _layers_by_label(self) -> dict[str, list[Layer]]:
        found: dict[str, list[Layer]] = {}
        for layer in self.layers:
            for lab in layer.labels:
                found.setdefault(lab.name, []).append(layer)
        return found

    def layer_for(self, label: str, layer_name: object = None) -> Layer:
        """The layer a span of ``label`` belongs to: ``layer_name`` when given, else the one layer
        that has the label. Raises ValueError saying what is wrong (the caller adds where)."""
        if layer_name is not None:
            layer = self.layer(layer_name) if isinstance(layer_name, str) else None
            if layer is None:
                raise ValueError(f"unknown layer {layer_name!r}")
            if layer.label(label) is None:
                raise ValueError(f"layer {layer.name!r} has no label {label!r}")
            return layer
        layers = self.layers_with_label(label)
        if not layers:
            raise ValueError(f"unknown label {label!r}: no layer has the label {label!r}")
        if len(layers) > 1:
            names = ", ".join(lay.name for lay in layers)
            raise ValueError(f"label {label!r} is in several layers ({names}); give 'layer'")
        return layers[0]

    def boilerplate_layer(self) -> Layer | None:
        """The layer that marks boilerplate: the one named so, else the first drawn as a band."""
        return self.layer("boilerplate") or next((lay for lay in self.layers if lay.style == "band"), None)

    def targets_of(self, layer: Layer) -> tuple[str, ...]:
        if layer.target_task is None:
            return ()
        task = self.task(layer.target_task)
        return task.targets if task else ()


def load_schema_file(path: Path) -> Schema:
    """Read and validate a schema file; any problem raises SchemaError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read schema: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SchemaError(f"{path}: schema is not UTF-8 text") from None
    return parse_schema(text, str(path))


def parse_schema(text: str, where: str = "<schema>") -> Schema:
    """Parse and validate schema TOML; ``where`` names the source in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"{where}: not valid TOML: {exc}") from None
    try:
        return _build(data, text)
    except _Problem as exc:
        raise SchemaError(f"{where}: {exc}") from None


class _Problem(Exception):
    pass


def _known_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _Problem(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _str(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Problem(f"{where}: '{key}' must be a non-empty string")
    if key != "description":  # a name, key or colour, not prose: printed, compared and stored as it is
        _clean(value, f"{where}: '{key}'")
    return value


def _clean(value: str, what: str) -> None:
    """Refuse a name with control characters (a trailing newline too) or space at either end."""
    try:
        check_name(value, f"{what} {value!r}")
    except UntrustedError as exc:
        raise _Problem(str(exc)) from None
    if value != value.strip():
        raise _Problem(f"{what} {value!r} has space at its start or end")


def _table_list(data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _Problem(f"{where}: '{key}' must be an array of tables ([[{key}]])")
    return value


def _labels(data: Mapping[str, Any], where: str) -> tuple[Label, ...]:
    tables = _table_list(data, "labels", where)
    if not tables:
        raise _Problem(f"{where}: has no labels")
    labels: list[Label] = []
    for i, item in enumerate(tables, 1):
        here = f"{where}, label {i}"
        name = _str(item, "name", here)
        here = f"{where}, label '{name}'"
        _known_keys(item, {"name", "color", "key", "description"}, here)
        if not _NAME.fullmatch(name):
            raise _Problem(f"{here}: name must be letters, digits, '_' or '-', starting with a letter")
        color = _str(item, "color", here)
        if not _COLOR.fullmatch(color):
            raise _Problem(f"{here}: color {color!r} is not of the form #RRGGBB")
        key = _str(item, "key", here)
        if len(key) != 1 or key.isspace():
            raise _Problem(f"{here}: key {key!r} must be one character")
        labels.append(Label(name, color.lower(), key, _str(item, "description", here)))
    _unique([lab.name for lab in labels], f"{where}: label name")
    _unique([lab.key for lab in labels], f"{where}: key")
    return tuple(labels)


def _target_names(item: Mapping[str, Any], targets: list[str], where: str) -> dict[str, tuple[str, ...]]:
    given = item.get("target_names", {})
    if not isinstance(given, Mapping):
        raise _Problem(f"{where}: 'target_names' must be a table: target = [other names]")
    names: dict[str, tuple[str, ...]] = {}
    for target, others in given.items():
        if target not in targets:
            raise _Problem(f"{where}: target_names: {target!r} is not one of the task's targets")
        if not isinstance(others, list) or not all(isinstance(n, str) and n.strip() for n in others):
            raise _Problem(f"{where}: target_names: {target!r} must be a list of non-empty strings")
        for name in others:
            _clean(name, f"{where}: target_names: {target!r}")
        names[target] = tuple(n.strip() for n in others)
    return names


def _unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise _Problem(f"{what} {value!r} is used twice")
        seen.add(value)


def _build(data: Mapping[str, Any], text: str) -> Schema:
    _known_keys(data, {"name", "layers", "tasks"}, "top level")
    name = _str(data, "name", "top level")
    tasks: list[Task] = []
    for i, item in enumerate(_table_list(data, "tasks", "top level"), 1):
        tname = _str(item, "name", f"task {i}")
        where = f"task '{tname}'"
        _known_keys(item, {"name", "description", "targets", "target_names", "labels"}, where)
        targets = item.get("targets", [])
        if not isinstance(targets, list) or not all(isinstance(t, str) and t.strip() for t in targets):
            raise _Problem(f"{where}: 'targets' must be a list of non-empty strings")
        for target in targets:
            _clean(target, f"{where}: target")
        _unique(targets, f"{where}: target")
        tasks.append(Task(tname, _str(item, "description", where), _labels(item, where), tuple(targets),
                          _target_names(item, targets, where)))
    _unique([t.name for t in tasks], "task name")
    task_names = {t.name for t in tasks}
    layers: list[Layer] = []
    for i, item in enumerate(_table_list(data, "layers", "top level"), 1):
        lname = _str(item, "name", f"layer {i}")
        where = f"layer '{lname}'"
        _known_keys(item, {"name", "description", "allow_overlap", "target_task", "style", "labels"}, where)
        overlap = item.get("allow_overlap", False)
        if not isinstance(overlap, bool):
            raise _Problem(f"{where}: 'allow_overlap' must be true or false")
        target_task = item.get("target_task")
        if target_task is not None and target_task not in task_names:
            raise _Problem(f"{where}: target_task {target_task!r} is not a task of this schema")
        style = item.get("style", "box")
        if style not in STYLES:
            raise _Problem(f"{where}: style {style!r} is not one of {', '.join(STYLES)}")
        layers.append(Layer(lname, _str(item, "description", where), _labels(item, where), overlap, target_task, style))
    if not layers:
        raise _Problem("no [[layers]]: a schema needs at least one span layer")
    _unique([lay.name for lay in layers], "layer name")
    layer_keys = {lab.key: lay.name for lay in layers for lab in lay.labels}
    for task in tasks:
        for lab in task.labels:
            if lab.key in layer_keys:
                raise _Problem(f"task '{task.name}', label '{lab.name}': key {lab.key!r} is also a key in layer "
                               f"'{layer_keys[lab.key]}' (task keys work in every layer, so they must differ)")
    return Schema(name, tuple(layers), tuple(tasks), text)
