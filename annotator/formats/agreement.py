"""Agreement over a project: document labels per task and target, spans per layer, ranked disagreements."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.agreement import (Counts, SpanComparison, character_units, cohen_kappa, confusion, fleiss_kappa,
                                      krippendorff_alpha, observed_agreement, pairs_of, weighted_alpha, weighted_cohen)
from annotator.core.errors import AnnotatorError
from annotator.store.exporting import ExportQuery, LeanDocument, LeanSet
from annotator.store.project import Project
from annotator.store.values import DocumentId

NONE = "∅"  # a character outside every span of a layer
TOP_DISAGREEMENTS = 50
EXCERPT = 160


def compute(project: Project, annotators: Sequence[str] | None = None, include_unfinished: bool = False,
            progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Every figure of `annotator agreement`, as one JSON-ready object (documented in the README)."""
    schema = project.schema
    known = [a.name for a in project.annotators()]
    names = sorted(annotators) if annotators else project.annotators_with_work(finished=not include_unfinished)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise AnnotatorError(f"--annotators: nobody called {unknown[0]!r} in this project")
    pairs = pairs_of(names)
    tasks = [(t.name, target) for t in schema.tasks for target in (t.targets or ("",))]
    label_pairs: dict[tuple[str, str], dict[tuple[str, str], list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    fleiss_items: dict[tuple[str, str], list[dict[str, int]]] = defaultdict(list)
    alpha_units: dict[tuple[str, str], list[list[str | None]]] = defaultdict(list)
    spans_cmp: dict[str, dict[tuple[str, str], SpanComparison]] = defaultdict(lambda: defaultdict(SpanComparison))
    span_docs: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    char_units: dict[str, list[tuple[tuple[str, ...], float]]] = defaultdict(list)
    char_pairs: dict[str, dict[tuple[str, str], list[tuple[tuple[str, ...], float]]]] = defaultdict(lambda: defaultdict(list))
    ranking: list[dict[str, Any]] = []
    considered = 0
    total = project.count_export(ExportQuery())
    done = 0
    layers = [(layer.name, layer.style == "band") for layer in schema.layers]
    for batch in project.agreement_batches(names, EXCERPT):
        for doc in batch:
            sets = {n: s for n, s in doc.sets.items() if include_unfinished or s.status == "done"}
            if len(sets) < 2:
                continue
            considered += 1
            for key in tasks:
                values = {n: sets[n].labels.get(key) for n in sets}
                alpha_units[key].append([values.get(n) for n in names])
                given = [v for v in values.values() if v is not None]
                if len(given) == len(names):
                    fleiss_items[key].append(dict(Counter(given)))
                for a, b in pairs:
                    va, vb = values.get(a), values.get(b)
                    if va is not None and vb is not None:
                        label_pairs[key][(a, b)].append((va, vb))
            for layer, band in layers:
                per = {n: sets[n].spans.get(layer, []) for n in sets}
                present = [n for n in names if n in per]
                char_units[layer] += character_units(doc.length, [per[n] for n in present])
                for a, b in pairs:
                    if a in per and b in per:
                        span_docs[layer][(a, b)] += 1
                        if not per[a] and not per[b]:
                            if band:
                                char_pairs[layer][(a, b)].append((("∅", "∅"), float(doc.length)))
                            continue
                        spans_cmp[layer][(a, b)].add(per[a], per[b])
                        if band:
                            char_pairs[layer][(a, b)] += character_units(doc.length, [per[a], per[b]])
            ranked = _ranked(doc, sets, pairs, tasks, layers)
            ranking.append({"id": ranked.external_id, "excerpt": ranked.excerpt, "score": ranked.score,
                            "doc_label_disagreements": ranked.label_disagreements,
                            "span_disagreements": ranked.span_disagreements, "annotators": list(ranked.annotators)})
        done += len(batch)
        if progress:
            progress(done, total)
    ranking.sort(key=lambda r: (-r["score"], r["id"]))
    return {
        "annotators": names,
        "documents": considered,
        "include_unfinished": include_unfinished,
        "doc_labels": {_task_key(key): _labels_report(key, names, pairs, label_pairs[key], fleiss_items[key],
                                                      alpha_units[key]) for key in tasks},
        "spans": {layer.name: _spans_report(layer.name, layer.style == "band", pairs, spans_cmp[layer.name],
                                            span_docs[layer.name], char_units[layer.name], char_pairs[layer.name])
                  for layer in schema.layers},
        "disagreement": ranking[:TOP_DISAGREEMENTS],
    }


@dataclass(frozen=True)
class RankedDocument:
    """How much the annotators of one document disagree: the share of compared items that differ.

    An item is a document label two annotators both gave, or a span either of a pair marked
    (compared exactly: start, end, label, target)."""

    id: DocumentId
    external_id: str
    excerpt: str
    score: float
    label_disagreements: int
    span_disagreements: int
    annotators: tuple[str, ...]


def rank_documents(project: Project, annotators: Sequence[str] | None = None,
                   include_unfinished: bool = False) -> list[RankedDocument]:
    """Every document that two or more annotators finished (or worked on), most disagreed first."""
    names = sorted(annotators) if annotators else project.annotators_with_work(finished=not include_unfinished)
    pairs = pairs_of(names)
    tasks = [(t.name, target) for t in project.schema.tasks for target in (t.targets or ("",))]
    layers = [(layer.name, layer.style == "band") for layer in project.schema.layers]
    ranking = []
    for batch in project.agreement_batches(names, EXCERPT):
        for doc in batch:
            sets = {n: s for n, s in doc.sets.items() if include_unfinished or s.status == "done"}
            if len(sets) >= 2:
                ranking.append(_ranked(doc, sets, pairs, tasks, layers))
    ranking.sort(key=lambda r: (-r.score, r.external_id))
    return ranking


def _ranked(doc: LeanDocument, sets: dict[str, LeanSet], pairs: list[tuple[str, str]], tasks: list[tuple[str, str]],
            layers: list[tuple[str, bool]]) -> RankedDocument:
    label_diff = label_total = span_diff = span_total = 0
    for key in tasks:
        for a, b in pairs:
            if a in sets and b in sets:
                va, vb = sets[a].labels.get(key), sets[b].labels.get(key)
                if va is not None and vb is not None:
                    label_total += 1
                    label_diff += va != vb
    for layer, _ in layers:
        for a, b in pairs:
            if a in sets and b in sets:
                exact_a, exact_b = set(sets[a].spans.get(layer, ())), set(sets[b].spans.get(layer, ()))
                span_total += len(exact_a | exact_b)
                span_diff += len(exact_a ^ exact_b)
    items = label_total + span_total
    return RankedDocument(DocumentId(doc.id), doc.external_id, doc.excerpt,
                          (label_diff + span_diff) / items if items else 0.0, label_diff, span_diff, tuple(sorted(sets)))


def _task_key(key: tuple[str, str]) -> str:
    return f"{key[0]}/{key[1]}" if key[1] else key[0]


def _labels_report(key: tuple[str, str], names: list[str], pairs: list[tuple[str, str]],
                   by_pair: dict[tuple[str, str], list[tuple[str, str]]], fleiss: list[dict[str, int]],
                   units: list[list[str | None]]) -> dict[str, Any]:
    every = [p for pair in pairs for p in by_pair.get(pair, [])]
    return {
        "krippendorff_alpha": krippendorff_alpha(units),
        "alpha_units": sum(1 for u in units if sum(v is not None for v in u) >= 2),
        "fleiss_kappa": fleiss_kappa(fleiss) if len(names) >= 2 else None,
        "fleiss_items": len(fleiss),
        "observed_agreement": observed_agreement(every),
        "pairs": [{"annotators": list(pair), "cohen_kappa": cohen_kappa(by_pair.get(pair, [])),
                   "observed_agreement": observed_agreement(by_pair.get(pair, [])), "n": len(by_pair.get(pair, [])),
                   "confusion": confusion(by_pair.get(pair, []))} for pair in pairs],
    }


def _spans_report(layer: str, band: bool, pairs: list[tuple[str, str]], cmp: dict[tuple[str, str], SpanComparison],
                  docs: dict[tuple[str, str], int], units: list[tuple[tuple[str, ...], float]],
                  char_pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], float]]]) -> dict[str, Any]:
    out_pairs = []
    for pair in pairs:
        report = cmp[pair].report() if pair in cmp else {"per_label": {}, "exact": Counts().scores(),
                                                          "overlap": SpanComparison().report()["overlap"]}
        entry: dict[str, Any] = {"annotators": list(pair), "documents": docs.get(pair, 0),
                                 "f1_exact": report["exact"]["f1"], "f1_overlap": report["overlap"]["f1"],  # type: ignore[index]
                                 "exact": report["exact"], "overlap": report["overlap"], "per_label": report["per_label"]}
        if band:
            entry["character_kappa"] = weighted_cohen(char_pairs.get(pair, []))
        out_pairs.append(entry)
    return {"character_alpha": weighted_alpha(units), "characters": int(sum(w for _, w in units)), "pairs": out_pairs}
