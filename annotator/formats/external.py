"""A larger entity model the user has on disk (an ONNX export) as the project's model of a layer.

``use_onnx`` loads the folder (``annotator.core.external_model``), maps its labels onto the layer's,
scores it on every document marked done (all of them are held out: it never learned from them) and
stores it as the layer's newest model, of kind "onnx". The big file is not copied into the project:
the stored data is a small JSON (the folder's absolute path, the label map, and a fingerprint that
tells a changed model), so the folder must be at that path on each machine that suggests from it;
``load_stored`` says so, naming the folder, where it is not.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.external_model import ONNX_VERSION, ExternalModel, default_label_map, fingerprint, load, predict
from annotator.core.recommender_eval import score
from annotator.store.learned import ModelInfo
from annotator.store.project import Project

KIND = "onnx"

Step = Callable[[int, int], None]  # (done, in all)


@dataclass(frozen=True)
class Chosen:
    """An external model stored as the layer's model: its row, the label map, the model's types that map
    nowhere (their spans are dropped) and how long scoring took."""

    info: ModelInfo
    label_map: dict[str, str]
    unmapped: list[str]
    seconds: float


def label_map(model: ExternalModel, layer_labels: list[str], given: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The default map (``default_label_map``) with ``given`` laid over it: model type → schema label, an
    empty label leaving the type out. A type the model lacks or a label the layer lacks is refused."""
    mapping, _ = default_label_map(model.types, layer_labels)
    types = {t.casefold(): t for t in model.types}
    labels = {name.casefold(): name for name in layer_labels}
    for raw_type, raw_label in given.items():
        kind = types.get(raw_type.strip().casefold())
        if kind is None:
            raise AnnotatorError(f"the label map names {raw_type!r}, which the model does not have "
                                 f"(its labels: {', '.join(model.types) or 'none'})")
        if not raw_label.strip():
            mapping.pop(kind, None)
            continue
        label = labels.get(raw_label.strip().casefold())
        if label is None:
            raise AnnotatorError(f"the label map sends {kind} to {raw_label!r}, which is not a label of the layer "
                                 f"(its labels: {', '.join(layer_labels)})")
        mapping[kind] = label
    return mapping, [t for t in model.types if t not in mapping]


def use_onnx(project: Project, layer: str, folder: str | Path, chosen_by: str,
             given: Mapping[str, str] | None = None, progress: Step | None = None) -> Chosen:
    """Load the model in ``folder``, score it on the done documents, store it as ``layer``'s model."""
    started = time.perf_counter()
    spec = project.schema.layer(layer)
    if spec is None:
        raise AnnotatorError(f"no layer {layer!r} in this project's schema")
    model = load(folder)
    mapping, unmapped = label_map(model, [lab.name for lab in spec.labels], given or {})
    if not mapping:
        raise AnnotatorError(f"none of the model's labels ({', '.join(model.types)}) maps to a label of layer {layer}: "
                             "give MODEL_LABEL=SCHEMA_LABEL pairs")
    model.label_map = mapping
    work = project.training_work(layer)
    predicted: list[list[tuple[int, int, str]]] = []
    scoring = time.perf_counter()
    for k, (_doc, text, _spans) in enumerate(work, 1):
        predicted.append([(s.start, s.end, s.label) for s in predict(model, text)])
        if progress is not None:
            progress(k, len(work))
    predict_seconds = (time.perf_counter() - scoring) / max(1, len(work))
    per_label, overall, clitic = score([text for _d, text, _s in work], [spans for _d, _t, spans in work], predicted)
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "labels": {name: s.figures() for name, s in sorted(per_label.items())},
        "after_proclitic": clitic.figures(),
        "trained_on": 0, "held_out": len(work), "seconds": round(seconds, 2),
        "predict_ms": round(1000 * predict_seconds, 1),
        "trained_documents": [],  # it learned from none of them: it may suggest anywhere
        "folder": str(model.folder), "label_map": mapping, "unmapped": unmapped,
    }
    if work:  # scored on nothing, it has no F1 (and is not held back by the minimum F1)
        report["overall"] = overall.figures()
    data = {"folder": str(model.folder), "label_map": mapping, "fingerprint": fingerprint(model.folder),
            "max_length": model.max_length}
    info = project.save_model(layer=layer, kind=KIND, version=ONNX_VERSION, trained_by=chosen_by, documents=0,
                              held_out=len(work), report=report,
                              data=json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return Chosen(info, mapping, unmapped, seconds)


def load_stored(data: bytes) -> ExternalModel:
    """The stored model, read from its folder on this machine. AnnotatorError (never another error)
    when the folder is not there, is damaged, or holds another model than the one chosen and scored."""
    try:
        spec = json.loads(bytes(data).decode("utf-8"))
        folder, mapping, expected = Path(spec["folder"]), dict(spec["label_map"]), spec["fingerprint"]
    except (ValueError, KeyError, TypeError) as exc:
        raise AnnotatorError(f"the stored ONNX model's description is damaged ({exc}): "
                             "choose it again (annotator model use-onnx FOLDER)") from None
    if not folder.is_dir():
        raise AnnotatorError(f"the layer's model is the ONNX model in {folder}, which is not on this machine: "
                             "copy that folder there (each team member needs it) or train the project's own "
                             "model (annotator model train)")
    try:
        now = fingerprint(folder)
    except OSError as exc:
        raise AnnotatorError(f"the ONNX model in {folder} cannot be read ({exc})") from None
    if now != expected:
        changed = ", ".join(name for name in sorted(expected) if now.get(name) != expected.get(name))
        raise AnnotatorError(f"the ONNX model in {folder} has changed since it was chosen ({changed}): score it "
                             f"again with annotator model use-onnx {folder}")
    return load(folder, mapping)
