"""The agreement report as one self-contained HTML page: inline CSS and SVG, the Arabic font embedded, no script.

In English (the default) or Arabic (`lang="ar"`: right to left throughout, the words from
formats.report_text); project data is shown as stored, each piece isolated so that its own
direction cannot reorder the text around it."""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from annotator.formats.report_text import LANGUAGES, RTL, texts
from annotator.resources import resource_path

if TYPE_CHECKING:  # only the type: importing annotator.store at run time would load SQLAlchemy
    from annotator.store.values import ProjectStats

FONT = "fonts/NotoNaskhArabic-Regular.ttf"
ARABIC_RANGE = "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF"
EXACT, OVERLAP = "#4363d8", "#a9bcf5"
STATUSES = (("done", "#3a9a5b"), ("in_progress", "#e0a526"), ("skipped", "#8e7cc3"), ("todo", "#d9d9d9"))
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
# Added for a right-to-left page: headers and cells start at the right like its text (numbers
# stay right-aligned, heatmaps centred), and a colour key sits to the right of its word.
RTL_CSS = """th, td { text-align: start; } .heat th, .confusion th { text-align: center; }
.key { margin: 0 .8em 0 .25em; }
"""


@dataclass(frozen=True)
class _Words:
    """The report's words in one language, and the few ways its pages differ by direction."""

    lang: str
    table: dict[str, str]

    @property
    def rtl(self) -> bool:
        return self.lang in RTL

    def __call__(self, key: str, /, **values: object) -> str:
        return self.table[key].format(**values) if values else self.table[key]

    def num(self, value: float | None) -> str:
        """A figure as the CLI prints it (Western digits, three decimals), or the language's "n/a"."""
        return self("n/a") if value is None or math.isnan(value) else f"{value:.3f}"

    def fig(self, value: float | None) -> str:
        """`num` as HTML: right to left, a negative figure is isolated left to right, or its minus
        sign, a neutral character, would stand after the digits ("0.250-")."""
        text = self.num(value)
        return f'<span dir="ltr">{text}</span>' if self.rtl and text.startswith("-") else text

    def nd(self, value: float | None) -> str:
        return f'<td class="n">{self.fig(value)}</td>'

    def cell(self, value: object) -> str:
        """A cell of project data: in English a cell of its own direction; right to left, the value is
        isolated inside the cell instead, so the cell keeps the table's right alignment."""
        return f"<td>{_t(value)}</td>" if self.rtl else f'<td dir="auto">{_e(value)}</td>'

    def plain(self, value: object) -> str:
        """Project data in an attribute or a tooltip, where no element can isolate it: right to left,
        between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE."""
        return f"\u2068{_e(value)}\u2069" if self.rtl else _e(value)

    def x(self, x: float, width: float, span: float = 0) -> float:
        """A chart's x coordinate, mirrored right to left so charts read from the right like the page."""
        return width - x - span if self.rtl else x


def render(report: dict[str, Any], project_name: str, stats: ProjectStats, lang: str = LANGUAGES[0]) -> str:
    """The whole page for one `agreement.compute` report in `lang` (report_text.LANGUAGES); every
    piece of project data is escaped."""
    w = _Words(lang, texts(lang))
    body = [_summary(report, project_name, stats, w), _doc_labels(report["doc_labels"], w), _by_pair(report, w),
            _spans(report["spans"], w), _ranking(report["disagreement"], w), _progress(stats, w)]
    root = f'<html lang="{lang}" dir="rtl">' if w.rtl else f'<html lang="{lang}">'
    return (f'<!DOCTYPE html>\n{root}\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{w('title', name=w.plain(project_name))}</title>\n"
            f"<style>{_font_face()}{CSS}{RTL_CSS if w.rtl else ''}</style>\n</head>\n<body>\n"
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


def _t(value: object) -> str:
    """Project text (a name, a label, a key) isolated in a span that finds its own direction."""
    return f'<span dir="auto">{_e(value)}</span>'


def _pair(names: list[str]) -> str:
    return " / ".join(_t(n) for n in names)


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


def _summary(report: dict[str, Any], project_name: str, stats: ProjectStats, w: _Words) -> str:
    scope = w("scope_all") if report["include_unfinished"] else w("scope_done")
    rows = [(w("project"), _t(project_name)),
            (w("annotators"), w("list_sep").join(_t(n) for n in report["annotators"])
             or f'<span class="muted">{w("nobody")}</span>'),
            (w("documents_compared"), w("n_of_total", n=_e(report["documents"]), total=_e(stats.documents))),
            (w("scope"), scope)]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    table = _scroll(f'<table class="summary">{body}</table>')
    return f"<header><h1>{w('heading', name=_t(project_name))}</h1>{table}</header>"


def _doc_labels(tasks: dict[str, Any], w: _Words) -> str:
    out = [f"<section><h2>{w('doc_labels')}</h2>"]
    if not tasks:
        out.append(f'<p class="muted">{w("no_tasks")}</p>')
    for key, fig in tasks.items():
        out.append(f"<h3>{w('task', key=_t(key))}</h3>")
        out.append(_table([w("alpha"), w("items"), w("fleiss"), w("items"), w("observed")],
                          [w.nd(fig["krippendorff_alpha"]) + _cnt(fig["alpha_units"]) + w.nd(fig["fleiss_kappa"])
                           + _cnt(fig["fleiss_items"]) + w.nd(fig["observed_agreement"])]))
        if fig["pairs"]:
            out.append(_table([w("pair"), w("cohen"), w("observed"), w("n")],
                              [f"<td>{_pair(p['annotators'])}</td>{w.nd(p['cohen_kappa'])}"
                               f"{w.nd(p['observed_agreement'])}{_cnt(p['n'])}" for p in fig["pairs"]]))
            out.append('<div class="charts">' + "".join(_confusion(p, w) for p in fig["pairs"]) + "</div>")
    return "\n".join(out) + "</section>"


def _confusion(pair: dict[str, Any], w: _Words) -> str:
    a, b = pair["annotators"]
    matrix: dict[str, dict[str, int]] = pair["confusion"]
    caption = f"<caption>{w('confusion', pair=_pair(pair['annotators']))}</caption>"
    if not matrix:
        return _scroll(f'<table class="confusion">{caption}<tr><td class="muted">{w("confusion_none")}</td></tr></table>')
    labels = sorted(set(matrix) | {lab for row in matrix.values() for lab in row})
    top = max(n for row in matrix.values() for n in row.values()) or 1
    rows = [f"<tr><th>{w('confusion_axes', a=_t(a), b=_t(b))}</th>"
            + "".join(f'<th dir="auto">{_e(lab)}</th>' for lab in labels) + "</tr>"]
    for la in labels:
        cells = [f'<th dir="auto">{_e(la)}</th>']
        for lb in labels:
            n = matrix.get(la, {}).get(lb, 0)
            t = n / top
            colour = "#%02x%02x%02x" % tuple(round(255 + (c - 255) * t) for c in (67, 99, 216))
            ink = "#fff" if t > 0.55 else "#222"
            title = w("confusion_cell", a=w.plain(a), la=w.plain(la), b=w.plain(b), lb=w.plain(lb))
            cells.append(f'<td class="n{" diag" if la == lb else ""}" style="background:{colour};color:{ink}" '
                         f'title="{title}">{n}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return _scroll(f'<table class="confusion">{caption}{"".join(rows)}</table>')


def _by_pair(report: dict[str, Any], w: _Words) -> str:
    names: list[str] = report["annotators"]
    out = [f"<section><h2>{w('by_pair')}</h2>"]
    if len(names) < 2:
        return out[0] + f'<p class="muted">{w("few_annotators")}</p></section>'
    out.append(f"<p>{w('by_pair_note')}</p>")
    metrics = [("heat_task", key, fig["pairs"], "cohen_kappa") for key, fig in report["doc_labels"].items()]
    metrics += [("heat_layer", layer, fig["pairs"], "f1_exact") for layer, fig in report["spans"].items()]
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
                    cells.append(f'<td class="n" style="{_heat(v)}">{w.fig(v)}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        tables.append(_scroll(f'<table class="heat"><caption>{w(what, key=_t(key))}</caption>{"".join(rows)}</table>'))
    return "\n".join(out) + '<div class="charts">' + "".join(tables) + "</div></section>"


def _spans(layers: dict[str, Any], w: _Words) -> str:
    out = [f"<section><h2>{w('spans')}</h2>"]
    legend = (f'<span class="key" style="background:{EXACT}"></span>{w("exact")} '
              f'<span class="key" style="background:{OVERLAP}"></span>{w("overlap")}')
    for layer, fig in layers.items():
        band = any("character_kappa" in p for p in fig["pairs"])
        out.append(f"<h3>{w('layer', name=_t(layer))}</h3>"
                   f"<p>{w('character_alpha', value=w.fig(fig['character_alpha']), n=_e(fig['characters']))}</p>")
        if not fig["pairs"]:
            continue
        head = [w("pair"), w("documents"), w("precision"), w("recall"), w("f1_exact"), w("f1_overlap")]
        head += [w("character_kappa")] if band else []
        out.append(_table(head, [f"<td>{_pair(p['annotators'])}</td>{_cnt(p['documents'])}{w.nd(p['exact']['precision'])}"
                                 f"{w.nd(p['exact']['recall'])}{w.nd(p['f1_exact'])}{w.nd(p['f1_overlap'])}"
                                 + (w.nd(p.get("character_kappa")) if band else "") for p in fig["pairs"]]))
        charts = [f"<figure><figcaption>{w('per_label', pair=_pair(p['annotators']), legend=legend)}</figcaption>"
                  f"{_bars(p, w)}</figure>" for p in fig["pairs"] if p["per_label"]]
        out.append('<div class="charts">' + "".join(charts) + "</div>")
    return "\n".join(out) + "</section>"


def _bars(pair: dict[str, Any], w: _Words) -> str:
    """Grouped columns, exact and overlap F1 for each label; labels centred so their direction cannot
    move them. Right to left, the chart is mirrored: axis on the right, the first label next to it."""
    labels = sorted(pair["per_label"])
    widths = [max(76, 9 * len(lab) + 16) for lab in labels]
    left, top, h = 34, 16, 120
    width, height = left + sum(widths) + 8, top + h + 26
    direction = ' direction="rtl"' if w.rtl else ""  # with it, text-anchor "end" still points away from the axis
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
           f'{direction} role="img" aria-label="{w("per_label_aria", pair=" / ".join(w.plain(n) for n in pair["annotators"]))}">']
    for v in (0.0, 0.5, 1.0):
        y = top + h * (1 - v)
        svg.append(f'<line class="grid" x1="{w.x(left, width)}" x2="{w.x(width - 8, width)}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text x="{w.x(left - 5, width)}" y="{y + 3:.1f}" text-anchor="end">{v:.1f}</text>')
    x = left
    for lab, lw in zip(labels, widths):
        cx = x + lw / 2
        for i, (kind, colour) in enumerate((("exact", EXACT), ("overlap", OVERLAP))):
            v = pair["per_label"][lab][kind]["f1"]
            bx, bh = cx - 30 + 32 * i, 0.0 if v is None or math.isnan(v) else h * min(max(v, 0.0), 1.0)
            svg.append(f'<rect x="{w.x(bx, width, 28):.1f}" y="{top + h - bh:.1f}" width="28" height="{bh:.1f}" '
                       f'fill="{colour}"><title dir="auto">{w("bar_title", label=w.plain(lab), kind=w(kind), value=w.num(v))}'
                       f'</title></rect><text x="{w.x(bx + 14, width):.1f}" y="{top + h - bh - 3:.1f}" '
                       f'text-anchor="middle">{w.num(v)}</text>')
        svg.append(f'<text class="lab" dir="auto" x="{w.x(cx, width):.1f}" y="{top + h + 17}" '
                   f'text-anchor="middle">{_e(lab)}</text>')
        x += lw
    return "".join(svg) + "</svg>"


def _ranking(rows: list[dict[str, Any]], w: _Words) -> str:
    out = [f"<section><h2>{w('ranking')}</h2><p>{w('ranking_note', n=len(rows))}</p>"]
    if not rows:
        return out[0] + f'<p class="muted">{w("ranking_none")}</p></section>'
    body = [f'<td class="n">{i}</td>{w.cell(r["id"])}{w.nd(r["score"])}'
            f'{_cnt(r["doc_label_disagreements"])}{_cnt(r["span_disagreements"])}'
            f'<td>{w("list_sep").join(_t(n) for n in r["annotators"])}</td>'
            f'<td class="excerpt" dir="auto">{_e(r["excerpt"])}</td>'
            for i, r in enumerate(rows, 1)]
    head = [w("rank"), w("document"), w("score"), w("label_differences"), w("span_differences"), w("annotators_head"),
            w("excerpt")]
    return out[0] + _table(head, body) + "</section>"


def _duration(seconds: float, w: _Words) -> str:
    if seconds < 60:
        return w("seconds", s=f"{seconds:.0f}")
    minutes = round(seconds / 60)
    return w("hours", h=minutes // 60, m=f"{minutes % 60:02d}") if minutes >= 60 else w("minutes", m=minutes)


def _progress(stats: ProjectStats, w: _Words) -> str:
    legend = "".join(f'<span class="key" style="background:{c}"></span>{w("status." + key)}' for key, c in STATUSES)
    out = f"<section><h2>{w('progress')}</h2><p>{w('progress_note', n=_e(stats.documents), legend=legend)}</p>"
    if not stats.progress:
        return out + f'<p class="muted">{w("progress_none")}</p></section>'
    rows = []
    for p in stats.progress:
        total, x, width = sum(p.counts.values()), 0.0, 360
        bar = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="18" viewBox="0 0 {width} 18" role="img" '
               f'aria-label="{w("progress_aria", name=w.plain(p.annotator))}"><rect width="{width}" height="18" fill="#f3f3f3"/>']
        for key, colour in STATUSES:
            n = p.counts.get(key, 0)
            span = width * n / total if total else 0.0
            if span:
                bar.append(f'<rect x="{w.x(x, width, span):.1f}" width="{span:.1f}" height="18" fill="{colour}">'
                           f'<title>{w("status." + key)}: {n}</title></rect>')
            x += span
        role = w.table.get(f"role.{p.role}")  # a role is our word, said in the page's language; English shows it as stored
        rows.append(f'{w.cell(p.annotator)}{f"<td>{role}</td>" if role and w.rtl else w.cell(p.role)}'
                    f'<td>{"".join(bar)}</svg></td>' + "".join(_cnt(p.counts.get(key, 0)) for key, _ in STATUSES)
                    + f'<td class="n">{_duration(p.seconds, w)}</td>')
    head = [w("annotator"), w("role"), w("documents"), *(w("status." + key) for key, _ in STATUSES), w("time_spent")]
    return out + _table(head, rows) + "</section>"
