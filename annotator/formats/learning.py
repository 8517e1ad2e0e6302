"""The entity recommender on a project: training it on the finished work, and its suggestions.

``train_model`` learns from every document marked done (gold where adjudicated), holds out a share
of them (whole story groups, as the splits keep near-duplicate stories together) to score the model
per label, then trains the model kept on all of them, and stores it with its figures
(``Project.save_model``): the newest model of a layer is everyone's, whether trained here or an ONNX
model the user has on disk (``annotator.formats.external``). ``suggest_from_model`` makes
an annotator's suggestions from it ("model 0.83"), like propagation's: never where they have a
span, nor where the same suggestion was made before (open or rejected: a rejected one is not made
again), and only above the project's minimum score, once the held-out F1 passes its minimum.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core import external_model
from annotator.core.errors import AnnotatorError
from annotator.core.external_model import ONNX_VERSION, ExternalModel
from annotator.core.recommender import MODEL_VERSION, Labelled, Model, Suggestion, predict, train, uncertainty
from annotator.core.recommender_eval import evaluate
from annotator.formats.external import KIND as EXTERNAL
from annotator.formats.external import load_stored
from annotator.formats.splits import story_ids
from annotator.formats.suggest import _free, store_suggestions
from annotator.store.learned import ModelInfo, ModelSettings
from annotator.store.project import Project
from annotator.store.values import AnnotatorId, DocumentId, NewSuggestion

KIND = "crf"
MIN_DOCUMENTS = 4        # fewer done documents teach nothing worth scoring
UNLABELLED_DOCUMENTS = 3000  # other documents' texts the word clusters are learned from besides
HELD_OUT = 0.2
RECHECK_SECONDS = 5.0  # how often a Recommender asks whether a newer model was stored
LONGEST = 50_000       # characters: a longer document gets no suggestions when it opens (the command line's do)

Step = Callable[[int, int], None]  # (done, in all): a job's progress; raises to cancel


def half(progress: Step | None, first: int) -> Step | None:
    """A training's progress when it trains twice (held out, then on everything): the first half of the
    bar (``first`` 0), then the second (1)."""
    if progress is None:
        return None
    return lambda done, total: progress(first * total + done, 2 * total)


@dataclass(frozen=True)
class Trained:
    info: ModelInfo
    seconds: float


def entity_layer(project: Project, layer: str | None) -> str:
    """The layer a model learns: ``layer``, or the schema's first name layer (boxes without a target)."""
    names = project.schema.name_layers()
    if layer is None:
        if not names:
            raise AnnotatorError("the schema has no name layer (a box layer without a stance target) to learn")
        return names[0]
    if project.schema.layer(layer) is None:
        raise AnnotatorError(f"no layer {layer!r} in this project's schema")
    return layer


def train_model(project: Project, layer: str, trained_by: str, progress: Step | None = None) -> Trained:
    """Train the layer's model on the finished work, score it on held-out documents, store it."""
    started = time.perf_counter()
    work = project.training_work(layer)
    if len(work) < MIN_DOCUMENTS:
        raise AnnotatorError(f"the model learns from documents marked done: {len(work)} so far, "
                             f"at least {MIN_DOCUMENTS} are needed")
    documents = [Labelled(text, spans) for _doc, text, spans in work]
    learned = {doc for doc, _text, _spans in work}
    others = [d for d in project.candidate_documents() if d not in learned][:UNLABELLED_DOCUMENTS]
    unlabelled = [text for _doc, _ext, _lang, text in project.texts(others)]

    scored = evaluate(documents, groups=story_ids([text for _doc, text, _spans in work]), share=HELD_OUT,
                      unlabelled=unlabelled, progress=half(progress, 0))
    assert scored.model is not None
    model = train(documents, unlabelled=unlabelled, clusters=scored.model.clusters, progress=half(progress, 1))
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "overall": scored.overall.figures(),
        "labels": {name: s.figures() for name, s in sorted(scored.per_label.items())},
        "after_proclitic": scored.after_proclitic.figures(),
        "trained_on": len(scored.train_documents), "held_out": len(scored.test_documents),
        "seconds": round(seconds, 2), "predict_ms": round(1000 * scored.predict_seconds, 1),
        # what it learned from: it never suggests there (that would hand one annotator another's finished work)
        "trained_documents": [int(doc) for doc, _text, _spans in work],
    }
    info = project.save_model(layer=layer, kind=KIND, version=MODEL_VERSION, trained_by=trained_by,
                              documents=len(documents), held_out=len(scored.test_documents), report=report,
                              data=model.to_bytes())
    return Trained(info, seconds)


class Recommender:
    """The project's model for a layer (the newest stored of the kinds it reads: the CRF trained here or an
    ONNX model on disk), loaded once and again when a newer one is stored. A subclass
    (``formats.stance.StanceRecommender``) says which kinds and versions it reads (``kinds``) and how (``_read``)."""

    kinds: dict[str, str] = {KIND: MODEL_VERSION, EXTERNAL: ONNX_VERSION}  # kind → the version this program reads

    def _read(self, info: ModelInfo, data: bytes) -> Any:
        return Model.from_bytes(data) if info.kind == KIND else load_stored(data)

    def __init__(self, project: Project, layer: str, *, recheck: float = RECHECK_SECONDS) -> None:
        self.project = project
        self.layer = layer
        self.recheck = recheck
        self._loaded: tuple[ModelInfo, Any] | None = None
        self._newest: ModelInfo | None = None
        self._checked = float("-inf")
        self._failed: int | None = None  # the model whose folder was not usable, till the next recheck
        self.unreadable: ModelInfo | None = None  # the newest model, when it is another version's: train again
        self.missing: str | None = None  # why the newest model (an ONNX one) cannot be used on this machine

    def newest(self) -> ModelInfo | None:
        """The newest stored model of the kinds read here, without loading it (asked at most every ``recheck``
        seconds, as ``current`` does)."""
        now = time.monotonic()
        if now - self._checked >= self.recheck:
            history = [m for m in self.project.models(self.layer) if m.kind in self.kinds]
            self._newest = history[0] if history else None
            self._checked = now
            self._failed = None
        return self._newest

    def current(self) -> tuple[ModelInfo, Any] | None:
        """The model in use, or None: none trained yet, one this program cannot read (``unreadable``: train
        again), or an ONNX model whose folder is not usable here (``missing`` says why; never an error).
        Whether a newer one was stored, or a missing folder came, is asked at most every ``recheck`` seconds."""
        newest = self.newest()
        if newest is not None and self._loaded is not None and self._loaded[0].id == newest.id:
            return self._loaded
        if newest is None or self.kinds.get(newest.kind) != newest.version:
            self.unreadable = newest
            self.missing = None
            return None  # another version's model is never fetched nor guessed at: it is trained again
        if self._failed == newest.id:
            return None
        found = self.project.latest_model(self.layer, newest.kind)
        if found is None or self.kinds.get(found[0].kind) != found[0].version:
            return None
        info, data = found
        try:
            model = self._read(info, data)
        except ValueError:
            self.unreadable = info
            return None
        except AnnotatorError as exc:
            self.missing, self._failed = str(exc), info.id
            return None
        self.unreadable = self.missing = None
        self._loaded = (info, model)
        return self._loaded

    def recheck_now(self) -> None:
        """Ask for the newest model at the next use (one was just stored)."""
        self._checked = float("-inf")

    def trained_on(self) -> set[int]:
        """The documents the model in use learned from."""
        loaded = self.current()
        return set(loaded[0].report.get("trained_documents", ())) if loaded else set()

    def suggestions(self, doc_id: DocumentId, text: str, settings: ModelSettings) -> list[tuple[int, int, str, float]]:
        """What the model finds in a text above the minimum score, or nothing while its F1 is too low."""
        loaded = self.current()
        if loaded is None:
            return []
        info, model = loaded
        if (info.f1 is not None and info.f1 < settings.min_f1) or doc_id in set(info.report.get("trained_documents", ())):
            return []  # an ONNX model scored on no document yet has no F1: it is not held back
        return [(s.start, s.end, s.label, s.score) for s in _predict(model, text) if s.score >= settings.min_score]


def _predict(model: Model | ExternalModel, text: str) -> list[Suggestion]:
    return external_model.predict(model, text) if isinstance(model, ExternalModel) else predict(model, text)


def _uncertainty(model: Model | ExternalModel, text: str) -> float:
    return external_model.uncertainty(model, text) if isinstance(model, ExternalModel) else uncertainty(model, text)


def suggest_from_model(project: Project, annotator_id: AnnotatorId, recommender: Recommender,
                       doc_ids: Sequence[int], settings: ModelSettings | None = None,
                       progress: Step | None = None) -> tuple[int, list[NewSuggestion]]:
    """Store the model's suggestions in ``doc_ids`` for an annotator; returns how many are new and all
    that the model found above the minimum score (for ``annotator suggest --model --json``)."""
    settings = settings or project.model_settings()
    layer = project.schema.layer(recommender.layer)
    assert layer is not None
    found: list[NewSuggestion] = []
    for k, (doc_id, _ext, _lang, text) in enumerate(project.texts(doc_ids), 1):
        for start, end, label, score in recommender.suggestions(doc_id, text, settings):
            if layer.label(label) is None:  # a label the schema has lost since the training
                continue
            found.append(NewSuggestion(doc_id, layer.name, label, start, end, text[start:end], "model",
                                       f"model {score:.2f}"))
        if progress is not None:
            progress(k, len(doc_ids))
    places = sorted({f.document_id for f in found})
    taken = project.span_places(annotator_id, layer.name, places)
    before = {label: project.suggested_places(annotator_id, layer.name, label, places)
              for label in {f.label for f in found}}
    new = [f for f in found if _free(layer, taken.get(f.document_id, ()), f.start, f.end)
           and (f.start, f.end) not in before[f.label].get(f.document_id, ())]
    return store_suggestions(project, annotator_id, new), found


def order_by_uncertainty(project: Project, annotator_id: AnnotatorId, recommender: Recommender, *,
                         random_share: float = 0.5, seed: int = 0) -> list[DocumentId]:
    """Order the annotator's unfinished queue for active learning and store it (``order_queue``): the
    documents the model is least sure of first, with a share ``random_share`` of the places (every
    other one at 0.5) given to documents drawn at random, since uncertainty alone skews what gets
    annotated (Lowell et al. 2019). Returns the order."""
    import random

    if not 0.0 <= random_share <= 1.0:
        raise AnnotatorError("--random-share: a share between 0 and 1")
    loaded = recommender.current()
    if loaded is None:
        raise AnnotatorError(f"no model of layer {recommender.layer} to order a queue by: train one first "
                             "(annotator model train)")
    _info, model = loaded
    todo = project.queue_todo(annotator_id)
    scores = {doc: _uncertainty(model, text) for doc, _ext, _lang, text in project.texts(todo)}
    unsure = sorted(scores, key=lambda d: (-scores[d], d))
    drawn = list(scores)
    random.Random(seed).shuffle(drawn)
    order: list[DocumentId] = []
    placed: set[int] = set()
    owed = 0.0
    while len(order) < len(scores):
        owed += random_share
        source = drawn if owed >= 1.0 else unsure
        if owed >= 1.0:
            owed -= 1.0
        doc = next(d for d in source if d not in placed)
        placed.add(doc)
        order.append(DocumentId(doc))
    project.order_queue(annotator_id, order)
    return order
