"""What a new schema would orphan: stored annotations it no longer allows, counted, each with an example document."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from annotator.core.schema import Schema
from annotator.store.models import DocLabel, Document, GoldDocLabel, GoldSpan, Span

_SPANS = ((Span, "spans"), (GoldSpan, "gold spans"))
_LABELS = ((DocLabel, "document labels"), (GoldDocLabel, "gold document labels"))


def _uses(what: str, n: int, kind: str, example: str) -> str:
    return f"{what} ({n} {kind if n != 1 else kind[:-1]}, e.g. document {example!r})"


def conflicts(s: Session, old: Schema, new: Schema) -> list[str]:
    """One line per thing stored annotations use that ``new`` does not allow: a layer, label, task or target
    it lacks; a stance target that a span's attrs.target names; overlapping spans in a layer that no longer
    allows overlaps. Overlaps and span targets are checked only where the new schema is stricter than ``old``."""
    found: list[str] = []
    for model, kind in _SPANS:
        rows = s.execute(select(model.layer, model.label, func.count(), func.min(Document.external_id))
                         .join(Document, Document.id == model.document_id).group_by(model.layer, model.label))
        for layer, label, n, example in rows:
            spec = new.layer(layer)
            if spec is None or spec.label(label) is None:
                found.append(_uses(f"span label {layer}/{label}", n, kind, example))
    for model, kind in _LABELS:  # type: ignore[assignment]
        rows = s.execute(select(model.task, model.target, model.label, func.count(), func.min(Document.external_id))
                         .join(Document, Document.id == model.document_id)
                         .group_by(model.task, model.target, model.label))
        for task, target, label, n, example in rows:
            spec_task = new.task(task)
            if spec_task is None or spec_task.label(label) is None or (target and target not in spec_task.targets):
                found.append(_uses(f"document label {task}/{target + '/' if target else ''}{label}", n, kind, example))
    for layer in new.layers:
        before = old.layer(layer.name)
        targets = new.targets_of(layer)
        if targets and (before is None or old.targets_of(before) != targets):
            found += _span_targets(s, layer.name, set(targets))
        if not layer.allow_overlap and (before is None or before.allow_overlap):
            found += _overlaps(s, layer.name)
    return found


def _span_targets(s: Session, layer: str, targets: set[str]) -> list[str]:
    found = []
    for model, kind in _SPANS:
        missing: dict[str, list[Any]] = {}  # target -> [count, example]
        query = (select(model.attrs, Document.external_id).join(Document, Document.id == model.document_id)
                 .where(model.layer == layer))
        for attrs, ext in s.execute(query):
            target = (attrs or {}).get("target")
            if target not in targets:
                got = missing.setdefault(str(target), [0, ext])
                got[0] += 1
                got[1] = min(got[1], ext)
        found += [_uses(f"stance target {target!r} of layer {layer}", n, kind, ex)
                  for target, (n, ex) in sorted(missing.items())]
    return found


def _overlaps(s: Session, layer: str) -> list[str]:
    found = []
    for model, kind in _SPANS:
        a, b = aliased(model), aliased(model)  # type: ignore[arg-type]
        same = [a.document_id == b.document_id, a.layer == layer, b.layer == layer, a.id < b.id,
                a.start < b.end, b.start < a.end]
        if model is Span:  # an annotator's spans overlap only their own; gold is one per document
            same.append(a.annotator_id == b.annotator_id)
        n, example = s.execute(select(func.count(), func.min(Document.external_id))
                               .select_from(a).join(b, and_(*same)).join(Document, Document.id == a.document_id)).one()
        if n:
            found.append(_uses(f"overlapping spans in layer {layer}, which would no longer allow overlaps",
                               n, kind.replace("spans", "span pairs"), example))
    return found
