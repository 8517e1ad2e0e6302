"""The stance model on a project: training it on the finished document labels, and its suggestions.

``train_stance_model`` learns a task's labels (``annotator.core.stance_model``) from every document
marked done (gold where adjudicated; else the labels of whoever marked it done last), holds out a
share of them (whole story groups) to score it, trains the model kept on all of them and stores it
as kind "stance" under the task's name (``Project.save_model``): the newest is everyone's.

``StanceRecommender.suggestions`` is what the model says of a document: per target, the most probable
label with its probability, once the held-out macro F1 reaches the project's ``min_f1``, from its
``min_score`` on, and never in a document the model learned from. ``open_suggestions`` is what one
annotator is shown: none where they have a label for the target already, and none they decided on
(a rejected label is not suggested again for that document and target).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.schema import Task
from annotator.core.stance_model import STANCE_VERSION, Example, StanceModel, evaluate, train
from annotator.formats.learning import HELD_OUT, MIN_DOCUMENTS, Recommender, Trained, half
from annotator.formats.splits import story_ids
from annotator.store.learned import ModelInfo, ModelSettings
from annotator.store.project import Project
from annotator.store.values import AnnotatorId, DocSuggestionView, DocumentId

KIND = "stance"
Step = Callable[[int, int], None]  # (done, in all): a job's progress; raises to cancel


def stance_task(project: Project, name: str | None) -> Task:
    """The task a stance model learns: ``name``, or the schema's first document-level task."""
    if name is None:
        if not project.schema.tasks:
            raise AnnotatorError("the schema has no document-level task (such as stance) to learn")
        return project.schema.tasks[0]
    task = project.schema.task(name)
    if task is None:
        raise AnnotatorError(f"no task {name!r} in this project's schema")
    return task


def train_stance_model(project: Project, task: Task, trained_by: str, progress: Step | None = None) -> Trained:
    """Train the task's model on the finished labels, score it on held-out documents, store it."""
    started = time.perf_counter()
    work = project.training_labels(task.name)
    if len(work) < MIN_DOCUMENTS:
        raise AnnotatorError(f"the {task.name} model learns from documents marked done with a {task.name} label: "
                             f"{len(work)} so far, at least {MIN_DOCUMENTS} are needed")
    examples = [Example(text, labels) for _doc, text, labels in work]
    try:
        scored = evaluate(examples, task.name, task.targets, groups=story_ids([text for _doc, text, _labels in work]),
                          share=HELD_OUT, progress=half(progress, 0), names=task.target_names)
        model = train(examples, task.name, task.targets, temperature=scored.temperature, progress=half(progress, 1),
                      names=task.target_names)
    except ValueError as exc:
        raise AnnotatorError(f"the {task.name} model cannot be trained yet: {exc}") from None
    test = [examples[i] for i in scored.test_documents]
    predict_started = time.perf_counter()
    for ex in test:
        model.predict(ex.text)
    predict_ms = 1000 * (time.perf_counter() - predict_started) / max(1, len(test))
    labels = {name: s.figures() for name, s in sorted(scored.per_label.items())}
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "overall": {"accuracy": round(scored.accuracy, 4), "f1": round(scored.macro_f1, 4),  # macro: min_f1 checks it
                    "precision": _mean(labels, "precision"), "recall": _mean(labels, "recall"),
                    "gold": scored.total, "predicted": sum(n for _lo, _hi, n, _r in scored.calibration),
                    "abstained": scored.abstained},  # held-out labels of targets it does not suggest for
        "labels": labels,
        "calibration": [{"from": lo, "below": min(hi, 1.0), "predicted": n, "right": r}
                        for lo, hi, n, r in scored.calibration],
        "temperature": scored.temperature, "targets": model.info["per_target"], "abstains": list(model.abstains), "learned_labels": list(model.labels),
        "trained_on": len(scored.train_documents), "held_out": len(scored.test_documents),
        "learnable": project.labelled_count(task.name),  # labelled finished documents then: when to train again
        "seconds": round(seconds, 2), "predict_ms": round(predict_ms, 1),
        # what it learned from: it never suggests there (that would hand one annotator another's finished work)
        "trained_documents": [int(doc) for doc, _text, _labels in work],
    }
    info = project.save_model(layer=task.name, kind=KIND, version=STANCE_VERSION, trained_by=trained_by,
                              documents=len(examples), held_out=len(scored.test_documents), report=report,
                              data=model.to_bytes())
    return Trained(info, seconds)


def _mean(labels: dict[str, dict[str, float | int]], key: str) -> float:
    return round(sum(float(f[key]) for f in labels.values()) / len(labels), 4) if labels else 0.0


class StanceRecommender(Recommender):
    """The project's stance model of a task (``layer`` is the task's name), loaded once and again when a
    newer one is stored."""

    kinds = {KIND: STANCE_VERSION}

    def _read(self, info: ModelInfo, data: bytes) -> StanceModel:
        return StanceModel.from_bytes(data)

    def suggestions(self, doc_id: DocumentId, text: str,  # type: ignore[override]
                    settings: ModelSettings) -> list[tuple[str, str, float]]:
        """(target, label, probability) the model gives the document, above the minimum score, none while its
        F1 is too low or in a document it learned from; labels and targets the schema has lost are left out."""
        loaded = self.current()
        task = self.project.schema.task(self.layer)
        if loaded is None or task is None:
            return []
        info, model = loaded
        if (info.f1 or 0.0) < settings.min_f1 or doc_id in set(info.report.get("trained_documents", ())):
            return []
        targets = set(task.targets) or {""}
        return [(target, label, score) for target, label, score in model.predict(text)
                if score >= settings.min_score and target in targets and task.label(label) is not None]


def open_suggestions(project: Project, annotator_id: AnnotatorId, recommenders: Sequence[StanceRecommender],
                     doc_id: DocumentId, text: str, labelled: set[tuple[str, str]],
                     settings: ModelSettings | None = None) -> list[DocSuggestionView]:
    """The stance suggestions an annotator is shown in a document: the models' (one per task), except
    where they have a label (``labelled``: (task, target) pairs) and those they decided on before."""
    settings = settings or project.model_settings()
    found = [(r, target, label, score) for r in recommenders for target, label, score in r.suggestions(doc_id, text, settings)
             if (r.layer, target) not in labelled]
    if not found:
        return []
    decided = {(d.task, d.target, d.label) for d in project.doc_suggestion_decisions(annotator_id, [doc_id]).get(doc_id, [])
               if d.state != "open"}
    shown = []
    for r, target, label, score in found:
        if (r.layer, target, label) not in decided:
            loaded = r.current()
            shown.append(DocSuggestionView(doc_id, annotator_id, r.layer, target, label, score,
                                           loaded[0].id if loaded else None))
    return shown
