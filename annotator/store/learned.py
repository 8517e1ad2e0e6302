"""The Project API on trained models (the entity recommender, the stance model) and the project's model settings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, union


from annotator.core.errors import ProjectError
from annotator.store.base import ProjectBase, _retry_when_busy
from annotator.store.models import (Adjudication, DocLabel, DocStatus, GoldDocLabel, GoldSpan, Setting, Span,
                                    TrainedModel)
from annotator.store.values import DocumentId

CHUNK = 500


@dataclass(frozen=True)
class ModelInfo:
    """A stored model, without its bytes: what it was trained on and how it scored."""

    id: int
    layer: str
    kind: str
    version: str
    trained_by: str
    documents: int
    held_out: int
    report: dict[str, Any]
    created: datetime

    @property
    def f1(self) -> float | None:
        """The held-out micro F1 (None when nothing was held out)."""
        value = self.report.get("overall", {}).get("f1")
        return None if value is None else float(value)


@dataclass(frozen=True)
class ModelSettings:
    """How the project uses its model: suggestions below ``min_score`` are not made, no suggestion at all
    while the held-out F1 is below ``min_f1`` (as INCEpTION's recommenders), and a training every
    ``retrain_every`` newly done documents (0: on demand only)."""

    min_score: float = 0.5
    min_f1: float = 0.3
    retrain_every: int = 10
    extra: dict[str, Any] = field(default_factory=dict)


MODEL_SETTINGS = "model"  # the settings row holding ModelSettings as JSON


def _info(row: TrainedModel) -> ModelInfo:
    return ModelInfo(row.id, row.layer, row.kind, row.version, row.trained_by, row.documents, row.held_out,
                     dict(row.report), row.created)


def _finished(conn: Connection) -> tuple[set[int], dict[int, int]]:
    """The adjudicated documents, and every other document someone marked done with whoever did so last:
    whose work a training learns from."""
    gold = set(conn.execute(select(Adjudication.document_id)).scalars())
    whose: dict[int, int] = {}
    for doc_id, annotator_id in conn.execute(
            select(DocStatus.document_id, DocStatus.annotator_id).where(DocStatus.status == "done")
            .order_by(DocStatus.updated, DocStatus.annotator_id)):
        if doc_id not in gold:
            whose[doc_id] = annotator_id  # the last one wins
    return gold, whose


class LearnedMixin(ProjectBase):
    # -- trained models ------------------------------------------------------------------------

    @_retry_when_busy
    def save_model(self, *, layer: str, kind: str, version: str, trained_by: str, documents: int, held_out: int,
                   report: dict[str, Any], data: bytes) -> ModelInfo:
        """Store a newly trained model; from now on it is the layer's model of its kind for everyone.
        ``layer`` is the layer it learned, or for a document-level model (the stance model) the task."""
        if self.schema.layer(layer) is None and self.schema.task(layer) is None:
            raise ProjectError(f"no layer {layer!r} in this project's schema (nor a task of that name)")
        with self._session() as s:
            row = TrainedModel(layer=layer, kind=kind, version=version, trained_by=trained_by, documents=documents,
                               held_out=held_out, report=report, data=data)
            s.add(row)
            s.flush()
            return _info(row)

    def latest_model(self, layer: str, kind: str | None = None) -> tuple[ModelInfo, bytes] | None:
        """The layer's model in use (the newest stored), with its bytes; None before the first training."""
        query = select(TrainedModel).where(TrainedModel.layer == layer)
        if kind is not None:
            query = query.where(TrainedModel.kind == kind)
        with self._session() as s:
            row = s.execute(query.order_by(TrainedModel.id.desc()).limit(1)).scalar_one_or_none()
            return None if row is None else (_info(row), bytes(row.data))

    def models(self, layer: str | None = None, kind: str | None = None) -> list[ModelInfo]:
        """Every training stored (newest first), without the bytes: the history of the figures. A task
        and a layer may share a name ("stance"): ``kind`` keeps one learner's models."""
        columns = [c for c in TrainedModel.__table__.c if c.name != "data"]
        query = select(*columns)
        if layer is not None:
            query = query.where(TrainedModel.layer == layer)
        if kind is not None:
            query = query.where(TrainedModel.kind == kind)
        with self._core() as conn:
            rows = conn.execute(query.order_by(TrainedModel.id.desc())).mappings().all()
        return [ModelInfo(r["id"], r["layer"], r["kind"], r["version"], r["trained_by"], r["documents"],
                          r["held_out"], dict(r["report"]), r["created"]) for r in rows]

    # -- what a model learns from ----------------------------------------------------------------

    def learnable_count(self) -> int:
        """Documents a training would learn from: marked done by someone, or adjudicated."""
        done = select(DocStatus.document_id).where(DocStatus.status == "done")
        either = union(done, select(Adjudication.document_id)).subquery()
        with self._core() as conn:
            return int(conn.execute(select(func.count()).select_from(either)).scalar_one())

    def training_work(self, layer: str) -> list[tuple[DocumentId, str, list[tuple[int, int, str]]]]:
        """The finished work to learn from, in document order: every adjudicated document with its gold
        spans of ``layer``, and every other document someone marked done with the spans of whoever
        marked it done last (every entity of a done document is taken to be marked)."""
        with self._core() as conn:
            gold, whose = _finished(conn)
            ids = sorted(gold | set(whose))
            spans: dict[int, list[tuple[int, int, str]]] = {i: [] for i in ids}
            for at in range(0, len(ids), CHUNK):
                chunk = ids[at:at + CHUNK]
                for doc_id, start, end, label in conn.execute(
                        select(GoldSpan.document_id, GoldSpan.start, GoldSpan.end, GoldSpan.label)
                        .where(GoldSpan.document_id.in_([i for i in chunk if i in gold]), GoldSpan.layer == layer)):
                    spans[doc_id].append((start, end, label))
                for doc_id, annotator_id, start, end, label in conn.execute(
                        select(Span.document_id, Span.annotator_id, Span.start, Span.end, Span.label)
                        .where(Span.document_id.in_([i for i in chunk if i in whose]), Span.layer == layer)):
                    if whose[doc_id] == annotator_id:
                        spans[doc_id].append((start, end, label))
        texts = {doc_id: text for doc_id, _ext, _lang, text in self.texts(ids)}  # type: ignore[attr-defined]
        return [(DocumentId(i), texts[i], sorted(spans[i])) for i in ids if i in texts]

    def labelled_count(self, task: str) -> int:
        """Finished documents (marked done by someone, or adjudicated) that hold a label of ``task``: about
        what a training of its model learns from, counted without reading a text."""
        done = select(DocStatus.document_id).where(DocStatus.status == "done")
        mine = select(DocLabel.document_id).where(DocLabel.task == task, DocLabel.document_id.in_(done))
        either = union(mine, select(GoldDocLabel.document_id).where(GoldDocLabel.task == task)).subquery()
        with self._core() as conn:
            return int(conn.execute(select(func.count()).select_from(either)).scalar_one())

    def training_labels(self, task: str) -> list[tuple[DocumentId, str, dict[str, str]]]:
        """The finished document labels of ``task`` to learn from, as ``training_work`` takes spans: the gold
        labels of every adjudicated document, and of every other document someone marked done, the labels
        of whoever marked it done last. Each is (document, text, target → label; "" for no target);
        documents without a label of the task are left out."""
        with self._core() as conn:
            gold, whose = _finished(conn)
            ids = sorted(gold | set(whose))
            labels: dict[int, dict[str, str]] = {}
            for at in range(0, len(ids), CHUNK):
                chunk = ids[at:at + CHUNK]
                for doc_id, target, label in conn.execute(
                        select(GoldDocLabel.document_id, GoldDocLabel.target, GoldDocLabel.label)
                        .where(GoldDocLabel.document_id.in_([i for i in chunk if i in gold]), GoldDocLabel.task == task)):
                    labels.setdefault(doc_id, {})[target] = label
                for doc_id, annotator_id, target, label in conn.execute(
                        select(DocLabel.document_id, DocLabel.annotator_id, DocLabel.target, DocLabel.label)
                        .where(DocLabel.document_id.in_([i for i in chunk if i in whose]), DocLabel.task == task)):
                    if whose[doc_id] == annotator_id:
                        labels.setdefault(doc_id, {})[target] = label
        texts = {doc_id: text for doc_id, _ext, _lang, text in self.texts(sorted(labels))}  # type: ignore[attr-defined]
        return [(DocumentId(i), texts[i], labels[i]) for i in sorted(labels) if i in texts]

    # -- settings ------------------------------------------------------------------------------

    def model_settings(self) -> ModelSettings:
        with self._core() as conn:
            raw = conn.execute(select(Setting.value).where(Setting.key == MODEL_SETTINGS)).scalar_one_or_none()
        if not raw:
            return ModelSettings()
        try:
            values = json.loads(raw)
            return ModelSettings(float(values.get("min_score", 0.5)), float(values.get("min_f1", 0.3)),
                                 int(values.get("retrain_every", 10)))
        except (ValueError, TypeError, AttributeError):
            return ModelSettings()  # a damaged row: the defaults, never a crash

    @_retry_when_busy
    def set_model_settings(self, settings: ModelSettings) -> None:
        if not (0.0 <= settings.min_score <= 1.0 and 0.0 <= settings.min_f1 <= 1.0 and settings.retrain_every >= 0):
            raise ProjectError("model settings: scores and F1 are between 0 and 1, and retraining every N needs N ≥ 0")
        value = json.dumps({"min_score": settings.min_score, "min_f1": settings.min_f1,
                            "retrain_every": settings.retrain_every})
        with self._session() as s:
            row = s.get(Setting, MODEL_SETTINGS)
            if row is None:
                s.add(Setting(key=MODEL_SETTINGS, value=value))
            else:
                row.value = value
