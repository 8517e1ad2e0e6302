"""The agreement report as one self-contained HTML page: inline CSS and SVG, the Arabic font embedded, no script."""

from __future__ import annotations

import base64
import html
import math
from functools import cache
from typing import TYPE_CHECKING, Any

from annotator.resources import resource_path

if TYPE_CHECKING:  # only the type: importing annotator.store at run time would load SQLAlchemy
    from annotator.store.values import ProjectStats

FONT = "fonts/NotoNaskhArabic-Regular.ttf"
ARABIC_RANGE = "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF"
EXACT, OVERLAP = "#4363d8", "#a9bcf5"
STATUSES = (("done", "done", "#3a9a5b"), ("in_progress", "in progress", "#e0a526"),
            ("skipped", "skipped", "#8e7cc3"), ("todo", "todo", "#d9d9d9"))
CSS = """
body { font: 14px/1.45 "Noto Naskh Arabic", system-ui, "Segoe UI", "Noto Sans", Arial, sans-serif; color: #222;
       max-width: 1150px; margin: 0 auto; padding: 1.2em 1.5em 3em; }
h1 { font-size: 1.6em; margin: 0 0 .5em; } h2 { border-bottom: 2px solid #4363d8; padding-bottom: .15em; margin-top: 2em; }
h3 { margin: 1.4em 0 .4em; }
.scroll { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; margin: .4em 0 .8em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; vertical-align: top; }
td { overflow-wrap: anywhere; }
th { background: #f3f4f8; font-weight: 600; overflow-wrap: normal; word-break: keep-all; hyphens: manual; }
caption { text-align: start; font-weight: 600; padding: .2em 0; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.summary th { text-align: start; }
.charts { display: flex; flex-wrap: wrap; gap: .5em 2em; align-items: flex-start; }
.heat td { text-align: center; min-width: 4.5em; }
.confusion td { text-align: center; min-width: 2.5em; } .confusion td.diag { outline: 2px solid #333; outline-offset: -2px; }
td.self { background: #fafafa; color: #aaa; text-align: center; }
.muted { color: #777; } .excerpt { max-width: 34em; }
figure { margin: .3em 0 1em; max-width: 100%; overflow-x: auto; } figcaption { font-weight: 600; margin-bottom: .2em; }
.key { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em; margin: 0 .25em 0 .8em; border-radius: 2px; }
svg text { font-size: 10px; fill: #333; } svg .lab { font-size: 12px; } svg .grid { stroke: #ddd; }
"""


def render(report: dict[str, Any], project_name: str, stats: ProjectStats) -> str:
    """The whole page for one `agreement.compute` report; every piece of project data is escaped."""
    body = [_summary(report, project_name, stats), _doc_labels(report["doc_labels"]), _by_pair(report),
            _spans(report["spans"]), _ranking(report["disagreement"]), _progress(stats)]
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>Agreement: {_e(project_name)}</title>\n<style>{_font_face()}{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


@cache
def _font_face() -> str:
    try:
        data = base64.b64encode(resource_path(FONT).read_bytes()).decode("ascii")
    except OSError:  # without the font the page still reads, in whatever Arabic font the browser has
        return ""
    return (f'\n@font-face {{ font-family: "Noto Naskh Arabic"; src: url(data:font/ttf;base64,{data}) format("truetype");'
            f" unicode-range: {ARABIC_RANGE}; size-adjust: 115%; }}")  # Naskh runs small beside Latin


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: float | None) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.3f}"


def _t(value: object) -> str:
    """Project text (a name, a label, a key) isolated in a span that finds its own direction."""
    return f'<span dir="auto">{_e(value)}</span>'


def _pair(names: list[str]) -> str:
    return " / ".join(_t(n) for n in names)


def _nd(value: float | None) -> str:
    return f'<td class="n">{_num(value)}</td>'


def _cnt(value: int) -> str:
    return f'<td class="n">{_e(value)}</td>'


def _table(head: list[str], rows: list[str], cls: str = "") -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    attr = f' class="{cls}"' if cls else ""
    return _scroll(f"<table{attr}><thead><tr>{th}</tr></thead><tbody>" + "".join(f"<tr>{r}</tr>" for r in rows)
                   + "</tbody></table>")


def _scroll(table: str) -> str:
    """A table in a box that scrolls sideways: headers wrap only between words (CSS ``th``), so a
    table wider than the page scrolls instead of breaking "score" into "scor/e"."""
    return f'<div class="scroll">{table}</div>'


def _heat(value: float | None) -> str:
    """Red (0 or below) through yellow to green (1); grey for n/a."""
    if value is None or math.isnan(value):
        return "background:#eeeeee;color:#777"
    v = min(max(value, 0.0), 1.0)
    return f"background:hsl({round(120 * v)},60%,{80 - 6 * v:.0f}%)"


def _summary(report: dict[str, Any], project_name: str, stats: ProjectStats) -> str:
    scope = ("all documents, finished or not" if report["include_unfinished"]
             else "documents that both annotators of a pair marked done")
    rows = [("Project", _t(project_name)),
            ("Annotators", ", ".join(_t(n) for n in report["annotators"]) or '<span class="muted">nobody</span>'),
            ("Documents compared", f"{_e(report['documents'])} of {_e(stats.documents)}"), ("Scope", scope)]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    table = _scroll(f'<table class="summary">{body}</table>')
    return f"<header><h1>Agreement report: {_t(project_name)}</h1>{table}</header>"


def _doc_labels(tasks: dict[str, Any]) -> str:
    out = ["<section><h2>Document labels</h2>"]
    if not tasks:
        out.append('<p class="muted">The schema has no document tasks.</p>')
    for key, fig in tasks.items():
        out.append(f"<h3>Task {_t(key)}</h3>")
        out.append(_table(["Krippendorff's α", "items", "Fleiss' κ", "items", "observed agreement"],
                          [_nd(fig["krippendorff_alpha"]) + _cnt(fig["alpha_units"]) + _nd(fig["fleiss_kappa"])
                           + _cnt(fig["fleiss_items"]) + _nd(fig["observed_agreement"])]))
        if fig["pairs"]:
            out.append(_table(["pair", "Cohen's κ", "observed agreement", "n"],
                              [f"<td>{_pair(p['annotators'])}</td>{_nd(p['cohen_kappa'])}"
                               f"{_nd(p['observed_agreement'])}{_cnt(p['n'])}" for p in fig["pairs"]]))
            out.append('<div class="charts">' + "".join(_confusion(p) for p in fig["pairs"]) + "</div>")
    return "\n".join(out) + "</section>"


def _confusion(pair: dict[str, Any]) -> str:
    a, b = pair["annotators"]
    matrix: dict[str, dict[str, int]] = pair["confusion"]
    caption = f"<caption>Confusion: {_pair(pair['annotators'])}</caption>"
    if not matrix:
        return _scroll(f'<table class="confusion">{caption}<tr><td class="muted">no document labelled by both</td></tr></table>')
    labels = sorted(set(matrix) | {lab for row in matrix.values() for lab in row})
    top = max(n for row in matrix.values() for n in row.values()) or 1
    rows = [f"<tr><th>{_t(a)} ↓ {_t(b)} →</th>" + "".join(f'<th dir="auto">{_e(lab)}</th>' for lab in labels) + "</tr>"]
    for la in labels:
        cells = [f'<th dir="auto">{_e(la)}</th>']
        for lb in labels:
            n = matrix.get(la, {}).get(lb, 0)
            t = n / top
            colour = "#%02x%02x%02x" % tuple(round(255 + (c - 255) * t) for c in (67, 99, 216))
            ink = "#fff" if t > 0.55 else "#222"
            cells.append(f'<td class="n{" diag" if la == lb else ""}" style="background:{colour};color:{ink}" '
                         f'title="{_e(a)}: {_e(la)}, {_e(b)}: {_e(lb)}">{n}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return _scroll(f'<table class="confusion">{caption}{"".join(rows)}</table>')


def _by_pair(report: dict[str, Any]) -> str:
    names: list[str] = report["annotators"]
    out = ["<section><h2>Agreement by annotator pair</h2>"]
    if len(names) < 2:
        return out[0] + '<p class="muted">Fewer than two annotators: no pairs to compare.</p></section>'
    out.append("<p>Cohen's κ for each task, F1 (exact match) for each span layer; red is 0 or below, green is 1.</p>")
    metrics = [("Cohen's κ, task", key, fig["pairs"], "cohen_kappa") for key, fig in report["doc_labels"].items()]
    metrics += [("F1 exact, layer", layer, fig["pairs"], "f1_exact") for layer, fig in report["spans"].items()]
    tables = []
    for what, key, pairs, field in metrics:
        values = {tuple(p["annotators"]): p[field] for p in pairs}
        rows = ["<tr><th></th>" + "".join(f'<th dir="auto">{_e(n)}</th>' for n in names) + "</tr>"]
        for a in names:
            cells = [f'<th dir="auto">{_e(a)}</th>']
            for b in names:
                if a == b:
                    cells.append('<td class="self">—</td>')
                else:
                    v = values.get((a, b), values.get((b, a)))
                    cells.append(f'<td class="n" style="{_heat(v)}">{_num(v)}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        tables.append(_scroll(f'<table class="heat"><caption>{what} {_t(key)}</caption>{"".join(rows)}</table>'))
    return "\n".join(out) + '<div class="charts">' + "".join(tables) + "</div></section>"


def _spans(layers: dict[str, Any]) -> str:
    out = ["<section><h2>Span layers</h2>"]
    legend = f'<span class="key" style="background:{EXACT}"></span>exact <span class="key" style="background:{OVERLAP}"></span>overlap'
    for layer, fig in layers.items():
        band = any("character_kappa" in p for p in fig["pairs"])
        out.append(f"<h3>Layer {_t(layer)}</h3><p>Character-level Krippendorff's α {_num(fig['character_alpha'])} "
                   f"over {_e(fig['characters'])} characters.</p>")
        if not fig["pairs"]:
            continue
        head = ["pair", "documents", "precision", "recall", "F1 exact", "F1 overlap"] + (["character κ"] if band else [])
        out.append(_table(head, [f"<td>{_pair(p['annotators'])}</td>{_cnt(p['documents'])}{_nd(p['exact']['precision'])}"
                                 f"{_nd(p['exact']['recall'])}{_nd(p['f1_exact'])}{_nd(p['f1_overlap'])}"
                                 + (_nd(p.get("character_kappa")) if band else "") for p in fig["pairs"]]))
        charts = [f"<figure><figcaption>F1 per label: {_pair(p['annotators'])} {legend}</figcaption>{_bars(p)}</figure>"
                  for p in fig["pairs"] if p["per_label"]]
        out.append('<div class="charts">' + "".join(charts) + "</div>")
    return "\n".join(out) + "</section>"


def _bars(pair: dict[str, Any]) -> str:
    """Grouped columns, exact and overlap F1 for each label; labels centred so their direction cannot move them."""
    labels = sorted(pair["per_label"])
    widths = [max(76, 9 * len(lab) + 16) for lab in labels]
    left, top, h = 34, 16, 120
    width, height = left + sum(widths) + 8, top + h + 26
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="F1 per label, {_e(" / ".join(pair["annotators"]))}">']
    for v in (0.0, 0.5, 1.0):
        y = top + h * (1 - v)
        svg.append(f'<line class="grid" x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text x="{left - 5}" y="{y + 3:.1f}" text-anchor="end">{v:.1f}</text>')
    x = left
    for lab, w in zip(labels, widths):
        cx = x + w / 2
        for i, (kind, colour) in enumerate((("exact", EXACT), ("overlap", OVERLAP))):
            v = pair["per_label"][lab][kind]["f1"]
            bx, bh = cx - 30 + 32 * i, 0.0 if v is None or math.isnan(v) else h * min(max(v, 0.0), 1.0)
            svg.append(f'<rect x="{bx:.1f}" y="{top + h - bh:.1f}" width="28" height="{bh:.1f}" fill="{colour}">'
                       f'<title dir="auto">{_e(lab)} {kind} F1 {_num(v)}</title></rect>'
                       f'<text x="{bx + 14:.1f}" y="{top + h - bh - 3:.1f}" text-anchor="middle">{_num(v)}</text>')
        svg.append(f'<text class="lab" dir="auto" x="{cx:.1f}" y="{top + h + 17}" text-anchor="middle">{_e(lab)}</text>')
        x += w
    return "".join(svg) + "</svg>"


def _ranking(rows: list[dict[str, Any]]) -> str:
    out = [f"<section><h2>Most disagreement</h2><p>The {len(rows)} documents where the annotators differ most: the share of "
           "their distinct annotations (spans and document labels) that not every one of them made, as in the "
           "review queue.</p>"]
    if not rows:
        return out[0] + '<p class="muted">No document was annotated by two people.</p></section>'
    body = [f'<td class="n">{i}</td><td dir="auto">{_e(r["id"])}</td>{_nd(r["score"])}'
            f'{_cnt(r["doc_label_disagreements"])}{_cnt(r["span_disagreements"])}'
            f'<td>{", ".join(_t(n) for n in r["annotators"])}</td><td class="excerpt" dir="auto">{_e(r["excerpt"])}</td>'
            for i, r in enumerate(rows, 1)]
    return out[0] + _table(["#", "document", "score", "label differences", "span differences", "annotators", "excerpt"],
                           body) + "</section>"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _progress(stats: ProjectStats) -> str:
    legend = "".join(f'<span class="key" style="background:{c}"></span>{name}' for _, name, c in STATUSES)
    out = f"<section><h2>Progress</h2><p>Documents per annotator, out of {_e(stats.documents)}: {legend}</p>"
    if not stats.progress:
        return out + '<p class="muted">Nobody has annotated yet.</p></section>'
    rows = []
    for p in stats.progress:
        total, x, width = sum(p.counts.values()), 0.0, 360
        bar = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="18" viewBox="0 0 {width} 18" role="img" '
               f'aria-label="progress of {_e(p.annotator)}"><rect width="{width}" height="18" fill="#f3f3f3"/>']
        for key, name, colour in STATUSES:
            n = p.counts.get(key, 0)
            w = width * n / total if total else 0.0
            if w:
                bar.append(f'<rect x="{x:.1f}" width="{w:.1f}" height="18" fill="{colour}"><title>{name}: {n}</title></rect>')
            x += w
        rows.append(f'<td dir="auto">{_e(p.annotator)}</td><td dir="auto">{_e(p.role)}</td><td>{"".join(bar)}</svg></td>'
                    + "".join(_cnt(p.counts.get(key, 0)) for key, _, _ in STATUSES) + f'<td class="n">{_duration(p.seconds)}</td>')
    return out + _table(["annotator", "role", "documents", "done", "in progress", "skipped", "todo", "time spent"],
                        rows) + "</section>"
