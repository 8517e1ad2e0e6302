"""Plain-text reports for the terminal (stats, agreement): every value that comes from the data is escaped."""

from __future__ import annotations

from typing import Any

from annotator.core.agreement import Disagreement
from annotator.core.untrusted import printable as esc
from annotator.store.values import ProjectStats


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_agreement(report: dict[str, Any]) -> str:
    scope = "documents marked done by both of a pair" if not report["include_unfinished"] else "all documents"
    lines = [f"Agreement among {', '.join(map(esc, report['annotators']))} over {report['documents']} documents ({scope})",
             "Document labels:"]
    for key, figures in report["doc_labels"].items():
        lines.append(f"  {esc(key)}: Krippendorff's alpha {_num(figures['krippendorff_alpha'])} ({figures['alpha_units']} items), "
                     f"Fleiss' kappa {_num(figures['fleiss_kappa'])} ({figures['fleiss_items']} items)")
        for pair in figures["pairs"]:
            lines.append(f"    {' / '.join(map(esc, pair['annotators']))}: Cohen's kappa {_num(pair['cohen_kappa'])}, "
                         f"agreement {_num(pair['observed_agreement'])} (n={pair['n']})")
    lines.append("Spans:")
    for layer, figures in report["spans"].items():
        lines.append(f"  {esc(layer)}: character alpha {_num(figures['character_alpha'])}")
        for pair in figures["pairs"]:
            extra = f", character kappa {_num(pair['character_kappa'])}" if "character_kappa" in pair else ""
            lines.append(f"    {' / '.join(map(esc, pair['annotators']))}: F1 exact {_num(pair['f1_exact'])}, "
                         f"overlap {_num(pair['f1_overlap'])}{extra} ({pair['documents']} documents)")
    if report["disagreement"]:
        lines.append("Most disagreement:")
        lines += [f"  {esc(row['id'])}: {Disagreement(row['disputed'], row['distinct'])}" for row in report["disagreement"][:10]]
    return "\n".join(lines)


def format_stats(stats: ProjectStats, where: str) -> str:
    def counts(d: dict[str, int]) -> str:
        return ", ".join(f"{esc(k)} {v}" for k, v in sorted(d.items()))

    lines = [f"Project:    {esc(where)}",
             f"Documents:  {stats.documents}" + (f" ({counts(stats.languages)})" if stats.languages else ""),
             f"Annotators: {stats.annotators}",
             f"Gold spans: {stats.gold_spans}"]
    if stats.spans:
        lines.append("Spans:")
        lines += [f"  {esc(layer)}: {sum(labels.values())} ({counts(labels)})" for layer, labels in sorted(stats.spans.items())]
    if stats.doc_labels:
        lines.append("Document labels:")
        lines += [f"  {esc(task)}: {counts(labels)}" for task, labels in sorted(stats.doc_labels.items())]
    if stats.progress:
        lines.append("Progress:")
        for p in stats.progress:  # names and roles come from the data
            c = p.counts
            of = f"{p.assigned} assigned" if p.assigned else f"{stats.documents} documents"
            rate = f", {p.per_hour:.1f} documents/hour" if p.per_hour is not None else ""
            lines.append(f"  {esc(p.annotator)} ({esc(p.role)}): {c['done']} done of {of}, {c['in_progress']} in progress, "
                         f"{c['skipped']} skipped, {p.seconds / 60:.0f} min{rate}")
    return "\n".join(lines)
