"""Agreement over a project: document labels per task and target, spans per layer, ranked disagreements."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.core.agreement import (Counts, Disagreement, OverlapCounts, SpanComparison, alpha_from_coincidences,
                                      cohen_from_confusion, fleiss_kappa_codes, krippendorff_alpha_codes,
                                      pairs_of)
from annotator.core.errors import AnnotatorError
from annotator.formats.agreement_tally import LayerSpec, Tally
from annotator.store.project import Project
from annotator.store.values import DocumentId

TOP_DISAGREEMENTS = 50
EXCERPT = 160
BATCH = 20000  # documents read and counted at a time


def compute(project: Project, annotators: Sequence[str] | None = None, include_unfinished: bool = False,
            progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Every figure of `annotator agreement`, as one JSON-ready object (documented in the README)."""
    tally = _tally(project, annotators, include_unfinished, progress)
    names, pairs = tally.names, pairs_of(tally.names)
    label_names = [label for label, _ in sorted(tally.label_codes.items(), key=lambda kv: kv[1])]
    doc_labels = {}
    for k, key in enumerate(tally.tasks):
        by_pair = {(names[i], names[j]): Counter({(label_names[a], label_names[b]): n for (a, b), n
                                                  in tally.label_pairs.get((k, i, j), Counter()).items()})
                   for i, j in tally.pairs}
        values = np.concatenate(tally.label_values[k]) if tally.label_values[k] else np.zeros((0, len(names)), int)
        doc_labels[_task_key(key)] = _labels_report(names, pairs, by_pair, values, label_names)
    spans = {spec.name: _spans_report(tally, spec) for spec in tally.layers}
    ranking = _top(project, tally, TOP_DISAGREEMENTS)
    return {
        "annotators": names,
        "documents": tally.documents,
        "include_unfinished": include_unfinished,
        "doc_labels": doc_labels,
        "spans": spans,
        "disagreement": [{"id": r.external_id, "excerpt": r.excerpt, "score": r.score,
                          "disputed": r.disagreement.disputed, "distinct": r.disagreement.distinct,
                          "doc_label_disagreements": r.label_disagreements,
                          "span_disagreements": r.span_disagreements, "annotators": list(r.annotators)}
                         for r in ranking],
    }


def _spans_report(tally: Tally, spec: LayerSpec) -> dict[str, Any]:
    names = tally.names
    label_of = {code: label for code, (layer, label) in enumerate(tally.span_codes) if layer == spec.name}
    out_pairs = []
    for i, j in tally.pairs:
        cmp = SpanComparison()
        for code in sorted(set(tally.totals[(i, j)]) | set(tally.totals[(j, i)])):
            if code not in label_of:
                continue
            label, tp = label_of[code], tally.exact[(i, j)][code]
            in_a, in_b = tally.totals[(i, j)][code], tally.totals[(j, i)][code]
            cmp.exact[label] = Counts(tp, in_b - tp, in_a - tp)
            hit_a, hit_b = tally.hits[(i, j)][code], tally.hits[(j, i)][code]
            cmp.overlap[label] = OverlapCounts(hit_a, in_a - hit_a, hit_b, in_b - hit_b)
        report = cmp.report()
        entry: dict[str, Any] = {"annotators": [names[i], names[j]], "documents": tally.pair_documents[(i, j)],
                                 "f1_exact": report["exact"]["f1"], "f1_overlap": report["overlap"]["f1"],  # type: ignore[index]
                                 "exact": report["exact"], "overlap": report["overlap"],
                                 "per_label": report["per_label"]}
        if spec.band:
            entry["character_kappa"] = cohen_from_confusion(_clean(tally.kappa.get((spec.name, i, j), {})))
        out_pairs.append(entry)
    return {"character_alpha": alpha_from_coincidences(_clean(tally.alpha.get(spec.name, {}))),
            "characters": tally.characters[spec.name], "pairs": out_pairs}


def _top(project: Project, tally: Tally, count: int | None) -> list[RankedDocument]:
    """The ``count`` most disagreed documents (all with None), ties in the order of their ids."""
    scores = tally.ranking(count)  # with every tie at the cut, to order them by id
    found = project.excerpts([r.id for r in scores], EXCERPT)
    ranking = [RankedDocument(DocumentId(r.id), found[r.id][0], found[r.id][1], r.score, r.label_disagreements,
                              r.span_disagreements, r.annotators, r.label_items + r.span_items) for r in scores]
    ranking.sort(key=lambda r: (-r.score, r.external_id))
    return ranking if count is None else ranking[:count]


def _tally(project: Project, annotators: Sequence[str] | None, include_unfinished: bool,
           progress: Callable[[int, int], None] | None = None, figures: bool = True) -> Tally:
    schema = project.schema
    known = [a.name for a in project.annotators()]
    names = sorted(annotators or project.annotators_with_work(finished=not include_unfinished))  # Python's order
    unknown = [n for n in names if n not in known]
    if unknown:
        raise AnnotatorError(f"--annotators: nobody called {unknown[0]!r} in this project")
    tally = Tally(names, [LayerSpec(layer.name, layer.style == "band", layer.allow_overlap) for layer in schema.layers],
                  [(t.name, target) for t in schema.tasks for target in (t.targets or ("",))], include_unfinished, figures)
    total = project.count_worked_on(names, finished=not include_unfinished) if progress else 0
    done = 0
    for rows in project.agreement_rows(names, BATCH, finished=not include_unfinished):
        tally.add(rows)
        done += len(rows.doc_ids)
        if progress:
            progress(done, total)
    return tally


def _clean(matrix: Mapping[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """Sums and differences of character counts: an entry that is zero but for rounding error goes."""
    return {k: w for k, w in matrix.items() if abs(w) > 1e-6}


@dataclass(frozen=True)
class RankedDocument:
    """How much the annotators of one document disagree: its ``core.agreement.Disagreement``.

    ``score`` is disputed distinct annotations over distinct annotations (spans compared exactly:
    layer, start, end, label, target; document labels by task, target and label);
    ``label_disagreements`` and ``span_disagreements`` are the disputed ones of each kind."""

    id: DocumentId
    external_id: str
    excerpt: str
    score: float
    label_disagreements: int
    span_disagreements: int
    annotators: tuple[str, ...]
    distinct: int = 0  # distinct annotations, labels and spans

    @property
    def disagreement(self) -> Disagreement:
        return Disagreement(self.label_disagreements + self.span_disagreements, self.distinct)


def rank_documents(project: Project, annotators: Sequence[str] | None = None, include_unfinished: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> list[RankedDocument]:
    """Every document that two or more annotators finished (or worked on), most disagreed first.

    The score is the one the review panel shows for the document (``app.review.disagreement``). Only
    the scores are counted, not agreement's figures (character coincidences, pairs' matches): a third
    of the time on a million-document project. ``progress(done, total)`` is told after each batch of
    documents (and may raise to stop)."""
    return _top(project, _tally(project, annotators, include_unfinished, progress, figures=False), None)


def _task_key(key: tuple[str, str]) -> str:
    return f"{key[0]}/{key[1]}" if key[1] else key[0]


def _labels_report(names: list[str], pairs: list[tuple[str, str]], by_pair: dict[tuple[str, str], Counter[tuple[str, str]]],
                   values: np.ndarray, label_names: list[str]) -> dict[str, Any]:
    """``by_pair``: (first's label, second's) -> items, per pair; ``values``: an item per row, an annotator
    per column, label codes (-1: no label)."""
    every: Counter[tuple[str, str]] = sum(by_pair.values(), Counter())
    given = (values >= 0).sum(axis=1) if len(values) else np.zeros(0, dtype=np.int64)
    full = values[given == len(names)] if names else values[:0]
    return {
        "krippendorff_alpha": krippendorff_alpha_codes(values),
        "alpha_units": int((given >= 2).sum()),
        "fleiss_kappa": fleiss_kappa_codes(full) if len(names) >= 2 else None,
        "fleiss_items": len(full),
        "observed_agreement": _observed(every),
        "pairs": [{"annotators": list(pair), "cohen_kappa": cohen_from_confusion(by_pair[pair]) if by_pair[pair] else None,
                   "observed_agreement": _observed(by_pair[pair]), "n": sum(by_pair[pair].values()),
                   "confusion": {a: dict(sorted((b, n) for (a2, b), n in by_pair[pair].items() if a2 == a))
                                 for a in sorted({a for a, _ in by_pair[pair]})}} for pair in pairs],
    }


def _observed(counts: Counter[tuple[str, str]]) -> float | None:
    total = sum(counts.values())
    return sum(n for (a, b), n in counts.items() if a == b) / total if total else None
