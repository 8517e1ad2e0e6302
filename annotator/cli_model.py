"""The command line's model commands: ``annotator model train|use-onnx|status|settings``, ``suggest --model``
and ``suggest --stance``; ``--task NAME`` names the stance model of a document-level task, ``--layer`` the
entity model of a layer (the default), or the line classifier of the boilerplate layer.

Part of the command line (``annotator.cli``, whose helpers it borrows at run time)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from annotator.core.errors import AnnotatorError
from annotator.core.untrusted import printable, printable_json
from annotator.formats.boilerplate_learning import KIND as LINES
from annotator.formats.boilerplate_learning import MIN_DOCUMENTS as LINES_MIN
from annotator.formats.boilerplate_learning import train_lines
from annotator.formats.external import KIND as EXTERNAL
from annotator.formats.external import use_onnx
from annotator.formats.learning import (KIND, MIN_DOCUMENTS, Recommender, entity_layer, order_by_uncertainty,
                                        suggest_from_model, train_model)
from annotator.store.access import Action
from annotator.formats.stance import KIND as STANCE
from annotator.formats.stance import StanceRecommender, stance_task, train_stance_model
from annotator.store.learned import ModelInfo
from annotator.store.project import Project

EXIT_OK = 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("model", parents=[common],
                       help="the entity and stance models trained on the project's finished work")
    model = p.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    q = model.add_parser("train", parents=[common], help="train now on every document marked done (leads)")
    _which(q)
    q.add_argument("--json", action="store_true", help="print the held-out figures as one JSON object")
    q.set_defaults(run=cmd_model_train)
    q = model.add_parser("use-onnx", parents=[common], help="suggest with a token-classification model on disk, an "
                         "ONNX export (leads; needs the extra: pip install \"annotator[onnx]\")")
    q.add_argument("folder", metavar="FOLDER", help="the export: model.onnx, tokenizer.json, config.json with id2label")
    q.add_argument("--layer", help="the layer it suggests in (default: the schema's first name layer)")
    q.add_argument("--map", action="append", default=[], metavar="MODEL_LABEL=SCHEMA_LABEL",
                   help="send the model's label (without B-/I-) to a label of the layer; MODEL_LABEL= leaves it out "
                        "(default: the same name, or PERS/PERSON → PER and the like)")
    q.add_argument("--json", action="store_true", help="print the figures on the done documents as one JSON object")
    q.set_defaults(run=cmd_model_use_onnx)
    q = model.add_parser("status", parents=[common], help="the model in use, its figures and its history")
    _which(q)
    q.add_argument("--json", action="store_true", help="print one JSON object")
    q.set_defaults(run=cmd_model_status)
    q = model.add_parser("settings", parents=[common], help="how the project uses its model (leads)")
    q.add_argument("--min-score", type=float, metavar="S", help="no suggestion below this confidence (0 to 1)")
    q.add_argument("--min-f1", type=float, metavar="F", help="no suggestion while the held-out F1 is below this")
    q.add_argument("--retrain-every", type=int, metavar="N", help="train again after N more done documents (0: never by itself)")
    q.set_defaults(run=cmd_model_settings)


def _which(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--layer", help="the entity model of this layer (the default: the schema's first name layer); "
                                       "the boilerplate layer: its line classifier")
    which.add_argument("--task", help="the stance model of this document-level task (such as stance)")


def _learner(project: Project, args: argparse.Namespace) -> tuple[str, str]:
    """(layer or task, kind) of the model a command names."""
    if args.task is not None:
        return stance_task(project, args.task).name, STANCE
    layer = entity_layer(project, args.layer)
    boilerplate = project.schema.boilerplate_layer()
    if boilerplate is not None and boilerplate.name == layer:
        return layer, LINES
    _names_only(project, layer)
    return layer, KIND


def _names_only(project: Project, layer: str) -> None:
    if layer not in project.schema.name_layers():
        raise AnnotatorError(f"layer {layer} holds no names (a model learns a box layer without a stance target"
                             f"{', or the boilerplate layer' if project.schema.boilerplate_layer() else ''}): "
                             f"{', '.join(project.schema.name_layers()) or 'none in this schema'}")


def _figures(info: ModelInfo) -> dict[str, Any]:
    figures = {"id": info.id, "layer": info.layer, "kind": info.kind, "version": info.version,
               "trained_by": info.trained_by, "created": info.created.isoformat(timespec="seconds"),
               "documents": info.documents, "held_out": info.held_out, **info.report}
    if info.kind == EXTERNAL:
        figures["folder_here"] = Path(str(info.report.get("folder", ""))).is_dir()
    return figures


def _heading(info: ModelInfo) -> list[str]:
    if info.kind != EXTERNAL:
        what = f"the {info.layer} model" if info.kind == STANCE else f"model {info.id} of layer {info.layer}"
        return [f"{what}: trained on {info.documents} documents by {info.trained_by}, "
                f"scored on {info.held_out} held out"]
    folder = str(info.report.get("folder", "?"))
    here = "" if Path(folder).is_dir() else " (not on this machine: no suggestions here)"
    mapping = ", ".join(f"{printable(k)} → {printable(v)}" for k, v in info.report.get("label_map", {}).items())
    lines = [f"model {info.id} of layer {info.layer}: the ONNX model in {printable(folder)}{here}, chosen by "
             f"{info.trained_by}, " + (f"scored on {info.held_out} done documents" if info.held_out else
                                       "not scored: no document is marked done yet"),
             f"  labels: {mapping or 'none'}"]
    if info.report.get("unmapped"):
        lines.append(f"  left out (no label of the layer): {', '.join(printable(t) for t in info.report['unmapped'])}")
    return lines


def _table(info: ModelInfo) -> str:
    lines = _heading(info) + [f"  {'label':12} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>5}"]
    rows = list(info.report.get("labels", {}).items()) + [("all", info.report.get("overall", {}))]
    for label, f in rows:
        lines.append(f"  {printable(label):12} {f.get('precision', 0):9.2f} {f.get('recall', 0):7.2f} "
                     f"{f.get('f1', 0):6.2f} {f.get('gold', 0):5}")
    overall = info.report.get("overall", {})
    if "accuracy" in overall:
        lines.append(f"  accuracy {overall['accuracy']:.2f}; F1 is the mean of the labels' (macro)")
    if info.report.get("abstains"):
        lines.append(f"  no suggestions for (too few labelled documents): {', '.join(map(printable, info.report['abstains']))}")
    clitic = info.report.get("after_proclitic")
    if clitic and clitic.get("gold"):
        lines.append(f"  entities after a proclitic: F1 {clitic['f1']:.2f} ({clitic['gold']} in the held-out documents)")
    if "seconds" in info.report:
        lines.append(f"  {'scoring' if info.kind == EXTERNAL else 'training'} took {info.report['seconds']:.1f} s; "
                     f"a document is suggested in {info.report.get('predict_ms', 0):.0f} ms")
    return "\n".join(lines)


def cmd_model_train(args: argparse.Namespace) -> int:
    from annotator.cli import _identity, open_project

    with open_project(args) as project:
        identity = _identity(args, project)
        project.require(identity, Action.TRAIN_MODEL)
        layer, kind = _learner(project, args)
        with tqdm(total=100, unit="%", desc="training", file=sys.stderr, disable=None, leave=False) as bar:
            def step(done: int, total: int) -> None:
                bar.n = int(100 * done / max(total, 1))
                bar.refresh()

            if kind == STANCE:
                trained = train_stance_model(project, stance_task(project, layer), identity.name or "the owner", step)
            elif kind == LINES:
                trained = train_lines(project, identity.name or "the owner", step)
            else:
                trained = train_model(project, layer, identity.name or "the owner", step)
        if args.json:
            print(printable_json(json.dumps(_figures(trained.info), ensure_ascii=False)))
        else:
            print(_table(trained.info))
    return EXIT_OK


def _pairs(given: list[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in given:
        model_label, sep, schema_label = item.partition("=")
        if not sep or not model_label.strip():
            raise AnnotatorError(f"--map {item!r}: give MODEL_LABEL=SCHEMA_LABEL (or MODEL_LABEL= to leave it out)")
        pairs[model_label.strip()] = schema_label.strip()
    return pairs


def cmd_model_use_onnx(args: argparse.Namespace) -> int:
    from annotator.cli import _identity, open_project

    with open_project(args) as project:
        identity = _identity(args, project)
        project.require(identity, Action.TRAIN_MODEL, doing="model use-onnx")
        layer = entity_layer(project, args.layer)
        _names_only(project, layer)
        given = _pairs(args.map)
        with tqdm(total=100, unit="%", desc="scoring", file=sys.stderr, disable=None, leave=False) as bar:
            def step(done: int, total: int) -> None:
                bar.n = int(100 * done / max(total, 1))
                bar.refresh()

            chosen = use_onnx(project, layer, args.folder, identity.name or "the owner", given, step)
        if args.json:
            print(printable_json(json.dumps(_figures(chosen.info), ensure_ascii=False)))
        else:
            print(_table(chosen.info))
    return EXIT_OK


def cmd_model_status(args: argparse.Namespace) -> int:
    from annotator.cli import open_project

    with open_project(args) as project:
        layer, kind = _learner(project, args)
        kinds = {KIND, EXTERNAL} if kind == KIND else {kind}  # the entity model: trained here or an ONNX one
        history = [m for m in project.models(layer) if m.kind in kinds]
        settings = project.model_settings()
        if args.json:
            print(printable_json(json.dumps({
                ("task" if kind == STANCE else "layer"): layer, "model": _figures(history[0]) if history else None,
                "history": [{"id": m.id, "documents": m.documents, "f1": m.f1} for m in history],
                "learnable_documents": _learnable(project),
                "settings": {"min_score": settings.min_score, "min_f1": settings.min_f1,
                             "retrain_every": settings.retrain_every}}, ensure_ascii=False)))
            return EXIT_OK
        if not history:
            print(f"no {'stance model of task' if kind == STANCE else 'model of layer'} {layer} yet: "
                  f"{_learnable(project)} documents marked done "
                  f"(at least {LINES_MIN if kind == LINES else MIN_DOCUMENTS} to train; annotator model train)")
        else:
            print(_table(history[0]))
            curve = ", ".join(f"{m.documents} docs: {m.f1:.2f}" for m in reversed(history)
                              if m.f1 is not None and m.kind == history[0].kind != EXTERNAL)
            if curve:
                print(f"  learning curve (held-out F1 of each training): {curve}")
        print(f"settings: suggestions from a score of {settings.min_score:.2f}, once the F1 reaches "
              f"{settings.min_f1:.2f}; trained again every {settings.retrain_every} newly done documents"
              if settings.retrain_every else
              f"settings: suggestions from a score of {settings.min_score:.2f}, once the F1 reaches "
              f"{settings.min_f1:.2f}; trained on demand only")
    return EXIT_OK


def _learnable(project: Project) -> int | str:
    """How many documents a training would learn from (on a PostgreSQL team, leads and reviewers see it)."""
    try:
        return project.learnable_count()
    except AnnotatorError:
        return "(for leads to see)"


def cmd_model_settings(args: argparse.Namespace) -> int:
    from annotator.cli import _identity, open_project

    with open_project(args) as project:
        project.require(_identity(args, project), Action.TRAIN_MODEL, doing="changing the model settings")
        settings = project.model_settings()
        changes = {k: v for k, v in (("min_score", args.min_score), ("min_f1", args.min_f1),
                                     ("retrain_every", args.retrain_every)) if v is not None}
        if changes:
            project.set_model_settings(replace(settings, **changes))
        now = project.model_settings()
        print(f"min score {now.min_score:.2f}, min F1 {now.min_f1:.2f}, retrain every {now.retrain_every}")
    return EXIT_OK


def suggest_with_model(args: argparse.Namespace, project: Project, people: dict[str, int]) -> int:
    """``annotator suggest --model``: for every document the model did not train on, print what it finds
    (one line each, or JSON), and store it as the suggestions of whoever ``--for`` names."""
    layer = entity_layer(project, None)
    recommender = Recommender(project, layer, recheck=float("inf"))  # one model for the whole run
    if recommender.current() is None:
        if recommender.missing is not None:
            raise AnnotatorError(recommender.missing)
        if recommender.unreadable is not None:
            again = "choose it again (annotator model use-onnx FOLDER)" if recommender.unreadable.kind == EXTERNAL \
                else "train it again (annotator model train)"
            raise AnnotatorError(f"the model of layer {layer} was made by another version of the program "
                                 f"({recommender.unreadable.version}): {again}")
        raise AnnotatorError(f"no model of layer {layer} to suggest with: train one first (annotator model train)")
    settings = project.model_settings()
    if args.min_score is not None:
        settings = replace(settings, min_score=args.min_score, min_f1=0.0)  # asked for: shown whatever the F1
    trained = recommender.trained_on()
    docs = [d for d in project.candidate_documents() if d not in trained]
    with tqdm(total=len(docs), unit="doc", desc="model", file=sys.stderr, disable=None, leave=False) as bar:
        for doc, ext, _lang, text in project.texts(docs):
            for start, end, label, score in recommender.suggestions(doc, text, settings):
                line = {"document": ext, "start": start, "end": end, "label": label, "text": text[start:end],
                        "score": round(score, 4)}
                _print_line(line, args.json)
            bar.update(1)
    for name, who in people.items():
        added, _found = suggest_from_model(project, who, recommender, docs, settings)
        print(f"{printable(name)}: {added} new model suggestions", file=sys.stderr)
    return EXIT_OK


def _print_line(line: dict[str, Any], as_json: bool) -> None:
    """One suggestion on standard output: a JSON object, or its values separated by tabs."""
    if as_json:
        print(printable_json(json.dumps(line, ensure_ascii=False)))
    else:
        print("\t".join(printable(str(v)) for v in line.values()))


def suggest_stance(args: argparse.Namespace, project: Project, people: dict[str, int]) -> int:
    """``annotator suggest --stance``: for every document the models did not train on, each target's most
    probable label (one line each, or JSON). Printed only: in the app a suggestion is made as a document
    opens and stored only as the annotator's decision."""
    if people:
        raise AnnotatorError("--stance prints the stance model's labels; they are suggested in the app as a "
                             "document opens, so --for has nothing to store")
    recommenders = [StanceRecommender(project, task.name, recheck=float("inf")) for task in project.schema.tasks]
    recommenders = [r for r in recommenders if r.current() is not None]
    if not recommenders:
        raise AnnotatorError("no stance model to suggest with: train one first (annotator model train --task "
                             f"{project.schema.tasks[0].name if project.schema.tasks else 'TASK'})")
    settings = project.model_settings()
    if args.min_score is not None:
        settings = replace(settings, min_score=args.min_score, min_f1=0.0)  # asked for: shown whatever the F1
    trained = set().union(*(r.trained_on() for r in recommenders))
    docs = [d for d in project.candidate_documents() if d not in trained]
    with tqdm(total=len(docs), unit="doc", desc="stance", file=sys.stderr, disable=None, leave=False) as bar:
        for doc, ext, _lang, text in project.texts(docs):
            for r in recommenders:
                for target, label, score in r.suggestions(doc, text, settings):
                    line = {"document": ext, "task": r.layer, "target": target, "label": label,
                            "score": round(score, 4)}
                    _print_line(line, args.json)
            bar.update(1)
    return EXIT_OK


def queue_order(project: Project, args: argparse.Namespace) -> Any:
    """``annotator assign --order uncertainty``: checked before anything is assigned (a model must exist,
    the share must make sense); returns what orders each named annotator's queue once assigned."""
    recommender = Recommender(project, entity_layer(project, None))
    if recommender.current() is None:
        if recommender.missing is not None:
            raise AnnotatorError(f"--order uncertainty needs the project's model: {recommender.missing}")
        raise AnnotatorError("--order uncertainty needs the project's model: train one first (annotator model train)")
    if not 0.0 <= args.random_share <= 1.0:
        raise AnnotatorError("--random-share: a share between 0 and 1")

    def order() -> None:
        for name in sorted({n.strip() for n in args.annotators.split(",") if n.strip()}):
            who = project.find_annotator(name)
            if who is None:
                continue
            placed = order_by_uncertainty(project, who.id, recommender, random_share=args.random_share, seed=args.seed)
            print(f"{printable(name)}: {len(placed)} documents to do, the model's most uncertain first "
                  f"({args.random_share:.0%} of the places drawn at random)")

    return order
