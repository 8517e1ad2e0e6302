"""The document-by-document agreement of earlier versions, kept as the oracle for the batch computation.

It reads the same rows (``Project.agreement_rows``) and does every sum one document at a time with
the plain functions of ``annotator.core.agreement``; ``compute`` must give the same report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from annotator.core.agreement import (SpanComparison, character_units, cohen_kappa, confusion, document_disagreement,
                                      fleiss_kappa, krippendorff_alpha, observed_agreement, pairs_of, weighted_alpha,
                                      weighted_cohen)
from annotator.core.records import STATUSES
from annotator.store.project import Project


@dataclass
class LeanSet:
    status: str | None = None
    spans: dict[str, list[tuple[int, int, str]]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[tuple[str, str], str] = field(default_factory=dict)


def documents(project: Project, names: list[str]) -> list[tuple[int, int, dict[str, LeanSet]]]:
    """Per document: its id, length and each annotator's statuses, spans and labels (decoded rows)."""
    out = []
    for rows in project.agreement_rows(names):
        sets: dict[int, dict[str, LeanSet]] = defaultdict(dict)

        def lean(d: int, a: int) -> LeanSet:
            name = rows.annotators[a]
            found = sets[d].get(name)
            if found is None:
                found = sets[d][name] = LeanSet()
            return found

        for d, a, st in zip(rows.status_doc.tolist(), rows.status_ann.tolist(), rows.status.tolist()):
            lean(d, a).status = STATUSES[st]
        for d, a, c, start, end in zip(rows.span_doc.tolist(), rows.span_ann.tolist(), rows.span_code.tolist(),
                                       rows.span_start.tolist(), rows.span_end.tolist()):
            layer, label = rows.span_codes[c]
            lean(d, a).spans[layer].append((start, end, label))
        for d, a, c in zip(rows.label_doc.tolist(), rows.label_ann.tolist(), rows.label_code.tolist()):
            task, target, label = rows.label_codes[c]
            lean(d, a).labels[(task, target)] = label
        out += [(d, length, sets.get(d, {})) for d, length in zip(rows.doc_ids.tolist(), rows.lengths.tolist())]
    return out


def compute(project: Project, names: list[str], include_unfinished: bool = False) -> dict[str, Any]:
    schema = project.schema
    pairs = pairs_of(names)
    tasks = [(t.name, target) for t in schema.tasks for target in (t.targets or ("",))]
    label_pairs: dict[Any, Any] = defaultdict(lambda: defaultdict(list))
    fleiss_items: dict[Any, list[dict[str, int]]] = defaultdict(list)
    alpha_units: dict[Any, list[list[str | None]]] = defaultdict(list)
    spans_cmp: dict[Any, Any] = defaultdict(lambda: defaultdict(SpanComparison))
    span_docs: dict[Any, Any] = defaultdict(lambda: defaultdict(int))
    char_units: dict[Any, list[Any]] = defaultdict(list)
    char_pairs: dict[Any, Any] = defaultdict(lambda: defaultdict(list))
    ranking = []
    considered = 0
    layers = [(layer.name, layer.style == "band") for layer in schema.layers]
    for doc_id, length, all_sets in documents(project, names):
        sets = {n: s for n, s in all_sets.items()
                if s.status == "done" or (include_unfinished and (any(s.spans.values()) or s.labels))}
        if len(sets) < 2:
            continue
        considered += 1
        label_made: dict[Any, set[str]] = defaultdict(set)
        span_made: dict[Any, set[str]] = defaultdict(set)
        for key in tasks:
            values = {n: sets[n].labels.get(key) for n in sets}
            alpha_units[key].append([values.get(n) for n in names])
            given = [v for v in values.values() if v is not None]
            for n, v in values.items():
                if v is not None:
                    label_made[(key, v)].add(n)
            if len(given) == len(names):
                fleiss_items[key].append(dict(Counter(given)))
            for a, b in pairs:
                va, vb = values.get(a), values.get(b)
                if va is not None and vb is not None:
                    label_pairs[key][(a, b)].append((va, vb))
        for layer, band in layers:
            per = {n: sets[n].spans.get(layer, []) for n in sets}
            present = [n for n in names if n in per]
            for n in present:
                for span in per[n]:
                    span_made[(layer, span)].add(n)
            char_units[layer] += character_units(length, [per[n] for n in present])
            for a, b in pairs:
                if a in per and b in per:
                    span_docs[layer][(a, b)] += 1
                    if not per[a] and not per[b]:
                        if band:
                            char_pairs[layer][(a, b)].append((("∅", "∅"), float(length)))
                        continue
                    spans_cmp[layer][(a, b)].add(per[a], per[b])
                    if band:
                        char_pairs[layer][(a, b)] += character_units(length, [per[a], per[b]])
        labels_d = document_disagreement(label_made.values(), sets)
        spans_d = document_disagreement(span_made.values(), sets)
        items = labels_d.distinct + spans_d.distinct
        ranking.append((doc_id, (labels_d.disputed + spans_d.disputed) / items if items else 0.0, labels_d.disputed,
                        spans_d.disputed, sorted(sets)))
    doc_labels = {}
    for key in tasks:
        every = [p for pair in pairs for p in label_pairs[key].get(pair, [])]
        doc_labels[f"{key[0]}/{key[1]}" if key[1] else key[0]] = {
            "krippendorff_alpha": krippendorff_alpha(alpha_units[key]),
            "alpha_units": sum(1 for u in alpha_units[key] if sum(v is not None for v in u) >= 2),
            "fleiss_kappa": fleiss_kappa(fleiss_items[key]) if len(names) >= 2 else None,
            "fleiss_items": len(fleiss_items[key]),
            "observed_agreement": observed_agreement(every),
            "pairs": [{"annotators": list(pair), "cohen_kappa": cohen_kappa(label_pairs[key].get(pair, [])),
                       "observed_agreement": observed_agreement(label_pairs[key].get(pair, [])),
                       "n": len(label_pairs[key].get(pair, [])), "confusion": confusion(label_pairs[key].get(pair, []))}
                      for pair in pairs]}
    spans = {}
    for layer, band in layers:
        out_pairs = []
        for pair in pairs:
            report = spans_cmp[layer][pair].report() if pair in spans_cmp[layer] else SpanComparison().report()
            entry = {"annotators": list(pair), "documents": span_docs[layer].get(pair, 0),
                     "f1_exact": report["exact"]["f1"], "f1_overlap": report["overlap"]["f1"],
                     "exact": report["exact"], "overlap": report["overlap"], "per_label": report["per_label"]}
            if band:
                entry["character_kappa"] = weighted_cohen(char_pairs[layer].get(pair, []))
            out_pairs.append(entry)
        spans[layer] = {"character_alpha": weighted_alpha(char_units[layer]),
                        "characters": int(sum(w for _, w in char_units[layer])), "pairs": out_pairs}
    return {"annotators": names, "documents": considered, "include_unfinished": include_unfinished,
            "doc_labels": doc_labels, "spans": spans, "ranking": ranking}
