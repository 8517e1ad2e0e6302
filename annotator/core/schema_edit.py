"""New labels for a layer of a schema: its TOML text with the labels added, comments and all kept."""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.core.errors import SchemaError
from annotator.core.schema import _NAME, Layer, Schema, parse_schema

# Colours for new labels, far apart from each other (Sasha Trubetskoy's list of twenty distinct colours)
PALETTE = ("#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c",
           "#fabebe", "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000", "#aaffc3", "#808000", "#ffd8b1",
           "#000075", "#808080")
_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"
_HEADER = re.compile(r"\s*\[\[?\s*([^\]\s]+)\s*\]\]?\s*(#.*)?$")


def add_labels(schema: Schema, layer_name: str, names: Sequence[str]) -> Schema:
    """``schema`` with ``names`` appended to the labels of layer ``layer_name``, each with a colour and
    a key nobody uses yet. The labels are written into the schema's own TOML text, after the layer's
    last line, so its comments and order stay; the result is parsed again and checked to be the old
    schema plus these labels. SchemaError says why when a name is not a label name or the TOML is laid
    out in a way this cannot extend (then add them with ``annotator schema set``)."""
    layer = schema.layer(layer_name)
    if layer is None:
        raise SchemaError(f"the schema has no layer {layer_name!r} (layers: {', '.join(l.name for l in schema.layers)})")
    new = [n for n in dict.fromkeys(names) if layer.label(n) is None]
    bad = [n for n in new if not _NAME.fullmatch(n)]
    if bad:
        raise SchemaError(f"{', '.join(map(repr, bad))} cannot be label names (letters, digits, '_' or '-', "
                          "starting with a letter); rename them with --map OLD=NEW")
    if not new:
        return schema
    keys = _free_keys(schema, layer, new)
    used = {lab.color for lay in schema.layers for lab in lay.labels}
    colours = [c for c in PALETTE if c not in used] or list(PALETTE)
    block = "".join(f'\n  [[layers.labels]]\n  name = "{name}"\n  color = "{colours[i % len(colours)]}"\n'
                    f'  key = "{keys[i]}"\n  description = "Added by an import."\n'
                    for i, name in enumerate(new))
    lines = schema.source.splitlines(keepends=True)
    at = _end_of_layer(lines, schema.layers.index(layer))
    while at > 0 and not lines[at - 1].strip():
        at -= 1  # before the blank lines that part this layer from the next table
    head = "".join(lines[:at])
    if head and not head.endswith("\n"):
        head += "\n"
    text = head + block + "".join(lines[at:])
    try:
        result = parse_schema(text, "the schema with the new labels")
    except SchemaError as exc:
        raise SchemaError(f"could not add the labels to the schema's TOML ({exc}); add them with "
                          "'annotator schema set FILE'") from None
    expected = [lab.name for lab in layer.labels] + new
    changed = result.layer(layer_name)
    if (changed is None or [lab.name for lab in changed.labels] != expected
            or [l.name for l in result.layers] != [l.name for l in schema.layers] or result.tasks != schema.tasks
            or any(a != b for a, b in zip(result.layers, schema.layers) if a.name != layer_name)):
        raise SchemaError("could not add the labels to the schema's TOML (its layout is not the usual "
                          "[[layers]] / [[layers.labels]]); add them with 'annotator schema set FILE'")
    return result


def _free_keys(schema: Schema, layer: Layer, names: Sequence[str]) -> list[str]:
    """A one-character key for each name: a letter of the name when free, else the first free one."""
    taken = {lab.key.lower() for lab in layer.labels} | {lab.key.lower() for t in schema.tasks for lab in t.labels}
    keys = []
    for name in names:
        key = next((ch for ch in name.lower() if ch in _KEYS and ch not in taken),
                   next((ch for ch in _KEYS if ch not in taken), None))
        if key is None:
            raise SchemaError(f"layer {layer.name!r} has no free key left for {name!r}")
        taken.add(key)
        keys.append(key)
    return keys


def _end_of_layer(lines: list[str], index: int) -> int:
    """The line after the last line of the ``index``-th ``[[layers]]`` table (and its label tables)."""
    seen = -1
    inside = False
    for n, line in enumerate(lines):
        match = _HEADER.match(line)
        if not match:
            continue
        table = match.group(1)
        if inside and not table.startswith("layers."):
            return n
        if table == "layers" and line.lstrip().startswith("[["):
            seen += 1
            if inside:
                return n
            inside = seen == index
    return len(lines)
