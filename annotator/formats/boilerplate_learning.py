"""Boilerplate on a project: its sites, and the line classifier learned from its annotators' marks.

**Sites.** A document's site is the host of its ``meta.url`` (``Project.document_sites``); a line
"recurs" when documents *of the same site* hold it, so a wire story's sentence printed by three
sites is not a banner. Documents without a URL are counted together as one site: a line they share
with enough others already ties those documents together, so grouping them by the lines they share
would count every recurring line the same.

**The learned classifier.** ``train_lines`` learns ``annotator.core.line_model`` from the documents
marked done that hold boilerplate marks (gold where adjudicated), holds out a fifth of them (whole
story groups) to report line precision, recall and F1 of the boilerplate class, and stores it with
the project (kind "lines" in the models table, like the entity model). From then on it takes over
from the hand-set rules in ``find_boilerplate``, once its held-out F1 reaches the project's minimum.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.boilerplate import Analysis, analyse, load_cues, stoplist_for
from annotator.core.errors import AnnotatorError
from annotator.core.language import detect_language
from annotator.core.line_model import LINE_VERSION, LabelledLines, LineModel, line_labels, rows, train
from annotator.core.matching import loose_key
from annotator.core.recommender_eval import held_out
from annotator.formats.learning import Trained, half
from annotator.formats.splits import story_ids
from annotator.store.learned import ModelInfo, ModelSettings
from annotator.store.project import Project

KIND = "lines"
MIN_DOCUMENTS = 5  # documents with boilerplate marks before a classifier is learned
HELD_OUT = 0.2
Step = Callable[[int, int], None]


@dataclass
class Sites:
    """Which site each document is of, and how many documents of each site hold each line that more
    than one of them holds (lines in their loosest form, ``core.matching.loose_key``)."""

    site_of: dict[int, str]
    counts: dict[str, int]  # "site\nline" → documents of the site holding the line (2 or more)
    sizes: Counter[str]

    def site(self, doc_id: int) -> str:
        return self.site_of.get(doc_id, "")

    def count(self, doc_id: int, key: str) -> int:
        return self.counts.get(self.site(doc_id) + "\n" + key, 1)

    def of_lines(self, doc_id: int, keys: Iterable[str]) -> list[int]:
        site = self.site(doc_id) + "\n"
        return [self.counts.get(site + k, 1) for k in keys]

    @classmethod
    def count_lines(cls, project: Project, doc_ids: Sequence[int]) -> Sites:
        """Read every text once: the lines each site's documents hold."""
        from annotator.core.boilerplate import line_spans

        site_of: dict[int, str] = dict(project.document_sites(doc_ids))
        counts: Counter[str] = Counter()
        sizes: Counter[str] = Counter()
        for doc, _ext, _lang, text in project.texts(doc_ids):
            site = site_of.get(doc, "") + "\n"
            sizes[site[:-1]] += 1
            counts.update({site + loose_key(text[s:e]) for s, e in line_spans(text)})
        shared = {k: n for k, n in counts.items() if n > 1}
        _release(counts)
        return cls(site_of, shared, sizes)


def _release(big: dict[Any, Any]) -> None:
    """Empty a big dictionary a little at a time: freeing millions of entries in one go (the line counts of
    100,000 documents) holds the GIL some 60 ms, which a window beside a job would wait for."""
    while big:
        for _ in range(min(len(big), 20_000)):
            big.popitem()


def document_rows(doc_id: int, text: str, lang: str, sites: Sites, analysis: Analysis | None = None) -> tuple[Analysis, list[Any]]:
    """The analysis of a document by the rules, and its lines' rows for the classifier."""
    analysis = analysis or analyse(text, lang, load_cues())
    keys = [loose_key(text[s:e]) for s, e in analysis.spans]
    return analysis, rows(text, analysis, stoplist_for(lang), sites.of_lines(doc_id, keys),
                          sites.sizes.get(sites.site(doc_id), 0))


@dataclass(frozen=True)
class LineScores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    article_chars: int = 0
    article_chars_removed: int = 0

    def __add__(self, other: LineScores) -> LineScores:
        return LineScores(*(a + b for a, b in zip(self.figures(), other.figures())))

    def figures(self) -> tuple[int, int, int, int, int]:
        return self.tp, self.fp, self.fn, self.article_chars, self.article_chars_removed

    def report(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": self.tp + self.fn,
                "predicted": self.tp + self.fp, "article_chars": self.article_chars,
                "article_chars_removed": self.article_chars_removed}


def score_lines(spans: Sequence[tuple[int, int]], truth: Sequence[bool], said: Sequence[bool]) -> LineScores:
    tp = sum(t and s for t, s in zip(truth, said))
    fp = sum(s and not t for t, s in zip(truth, said))
    fn = sum(t and not s for t, s in zip(truth, said))
    article = sum(e - s for (s, e), t in zip(spans, truth) if not t)
    removed = sum(e - s for (s, e), t, x in zip(spans, truth, said) if x and not t)
    return LineScores(tp, fp, fn, article, removed)


def train_lines(project: Project, trained_by: str, progress: Step | None = None) -> Trained:
    """Learn the project's line classifier from the marked, finished documents; score it; store it."""
    from annotator.formats.suggest import boilerplate_layer

    started = time.perf_counter()
    layer = boilerplate_layer(project.schema)
    work = [w for w in project.training_work(layer.name) if w[2]]
    if len(work) < MIN_DOCUMENTS:
        raise AnnotatorError(f"the boilerplate classifier learns from documents marked done that hold boilerplate "
                             f"marks: {len(work)} so far, at least {MIN_DOCUMENTS} are needed")
    sites = Sites.count_lines(project, project.candidate_documents())
    stale = set(project.detected_documents(stale=True))  # an older version's guess: detected again, as the search does
    langs = {doc: detect_language(text) if doc in stale else lang
             for doc, _ext, lang, text in project.texts([d for d, _t, _s in work])}
    documents: list[LabelledLines] = []
    spans_of: list[list[tuple[int, int]]] = []
    articles: list[str] = []
    for doc, text, marked in work:
        analysis, doc_rows = document_rows(doc, text, langs.get(doc, "und"), sites)
        labels = line_labels(analysis.spans, [(s, e) for s, e, _l in marked])
        documents.append(LabelledLines(doc_rows, labels))
        spans_of.append(analysis.spans)
        # near-duplicate stories by their article lines: a site's chrome would make all its pages one story
        articles.append("\n".join(text[s:e] for (s, e), b in zip(analysis.spans, labels) if not b))
    grouped = story_ids(articles)
    if len(set(grouped)) < 2:  # one story told by every document (a wire story on several sites): by document
        grouped = list(range(len(documents)))
    train_idx, test_idx = held_out(len(documents), grouped, HELD_OUT)
    try:
        scored_model = train([documents[i] for i in train_idx], progress=half(progress, 0))
    except ValueError as exc:
        raise AnnotatorError(f"the boilerplate classifier was not trained: {exc}") from None
    threshold = project.model_settings().min_score
    scores = LineScores()
    for i in test_idx:
        said = [p >= threshold for p in scored_model.scores(documents[i].rows)]
        scores = scores + score_lines(spans_of[i], documents[i].boilerplate, said)
    model = train(documents, progress=half(progress, 1))
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "overall": scores.report(), "labels": {"boilerplate lines": scores.report()},
        "trained_on": len(train_idx), "held_out": len(test_idx), "threshold": threshold,
        "lines": sum(len(d.rows) for d in documents), "seconds": round(seconds, 2),
        "sites": len(set(sites.site_of.values())), "trained_documents": [int(d) for d, _t, _s in work],
    }
    info = project.save_model(layer=layer.name, kind=KIND, version=LINE_VERSION, trained_by=trained_by,
                              documents=len(documents), held_out=len(test_idx), report=report, data=model.to_bytes())
    return Trained(info, seconds)


def lines_due(project: Project) -> bool:
    """Whether a boilerplate search should train the line classifier (again) first: enough finished documents
    with boilerplate marks, and, once one was trained, the model settings' ``retrain_every`` more of them
    (0: only on demand, ``annotator model train --layer boilerplate``)."""
    from annotator.formats.suggest import boilerplate_layer

    every = project.model_settings().retrain_every
    if not every:
        return False
    layer = boilerplate_layer(project.schema).name
    marked = sum(1 for _doc, _text, spans in project.training_work(layer) if spans)
    if marked < MIN_DOCUMENTS:
        return False
    history = [m for m in project.models(layer) if m.kind == KIND]
    if not history:
        return True
    return marked - history[0].documents >= every


def learned_lines(project: Project, layer: str, settings: ModelSettings | None = None) -> tuple[ModelInfo, LineModel] | None:
    """The project's line classifier when there is one this program reads whose held-out F1 reaches the
    project's minimum; None otherwise (the hand-set rules speak)."""
    found = project.latest_model(layer, KIND)
    if found is None:
        return None
    info, data = found
    settings = settings or project.model_settings()
    if info.version != LINE_VERSION or (info.f1 or 0.0) < settings.min_f1:
        return None
    try:
        return info, LineModel.from_bytes(data)
    except ValueError:
        return None

