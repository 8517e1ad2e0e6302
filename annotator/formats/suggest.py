"""Suggestions: propagation of a tagged span, gazetteer patterns, and boilerplate lines.

Each run finds places, leaves out those where the annotator already has a span (or, in a layer
without overlaps, a span in the way), and stores the rest as that annotator's suggestions.
Project-wide searches ask the word index which documents can hold the name, and read only those.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.matching import MatchOptions, Matcher, loose_key
from annotator.core.schema import Layer, Schema
from annotator.store.project import Project
from annotator.store.values import AnnotatorId, DocumentId, NewSuggestion, SpanView, SuggestOutcome

STORE_BATCH = 100  # suggestions per transaction: each holds the write lock for some 5-10 ms

Progress = Callable[[int], Any]


class PatternError(AnnotatorError):
    """A gazetteer file that cannot be used; the message names the file and line, one line per problem."""

    lines = True


@dataclass(frozen=True)
class Pattern:
    layer: str
    label: str
    pattern: str
    ignore_case: bool = False  # a token pattern written with "lower"
    line: int = 0


def _free(layer: Layer, taken: Collection[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a suggestion at start-end adds something: no span already there (or, in a layer
    without overlaps, in the way)."""
    for s, e in taken:
        if (s, e) == (start, end) or (not layer.allow_overlap and s < end and start < e):
            return False
    return True


@dataclass
class _Run:
    """What suggestion runs did, added up over patterns: documents counted once each."""

    added: int = 0
    skipped: int = 0
    documents: set[int] = field(default_factory=set)  # where something new was suggested
    read: set[int] = field(default_factory=set)       # whose text was read and matched

    def outcome(self) -> SuggestOutcome:
        return SuggestOutcome(self.added, len(self.documents), self.skipped, len(self.read))


def _suggest(project: Project, annotator_id: AnnotatorId, matcher: Matcher, layer: Layer, label: str,
             attrs: dict[str, Any], source: str, reason: Callable[[str], str],
             doc_ids: Sequence[int] | None = None, run: _Run | None = None,
             leave: tuple[DocumentId, int, int] | None = None, progress: Progress | None = None) -> SuggestOutcome:
    """Find ``matcher`` in ``doc_ids`` (None: every document, through the word index) and store
    suggestions, leaving out places with a span, a suggestion already (open or rejected), or
    inside ``leave`` (document, start, end: the span being propagated)."""
    run = run if run is not None else _Run()
    if doc_ids is None:
        project.index_documents(progress=None if progress is None else (lambda _added: progress(0)))  # cancellable
        doc_ids = project.candidate_documents(matcher.first_forms, matcher.other_terms)
    found: list[tuple[DocumentId, str, int, int, str]] = []
    for doc_id, external_id, _lang, text in project.texts(doc_ids):
        if progress is not None:
            progress(1)  # a document read; a cancelled job stops here, before anything is stored
        found += [(doc_id, external_id, s, e, text[s:e]) for s, e in matcher.find(text)
                  if leave is None or not (doc_id == leave[0] and leave[1] <= s and e <= leave[2])]
    run.read.update(doc_ids)
    places = sorted({f[0] for f in found})
    taken = project.span_places(annotator_id, layer.name, places)
    before = project.suggested_places(annotator_id, layer.name, label, places)
    new = [NewSuggestion(doc_id, layer.name, label, s, e, piece, source, reason(external_id), attrs)
           for doc_id, external_id, s, e, piece in found
           if _free(layer, taken.get(doc_id, ()), s, e) and (s, e) not in before.get(doc_id, ())]
    added = store_suggestions(project, annotator_id, new)
    run.added += added
    run.skipped += len(found) - added
    run.documents.update(n.document_id for n in new)
    return run.outcome()


def propagate(project: Project, span: SpanView, *, everywhere: bool = False,
              options: MatchOptions = MatchOptions(), progress: Progress | None = None) -> SuggestOutcome:
    """Suggest ``span``'s label at every other occurrence of its text: in its document, or with
    ``everywhere`` in every document of the project. The suggestions are the span's annotator's."""
    layer = project.schema.layer(span.layer)
    if layer is None:
        raise AnnotatorError(f"unknown layer {span.layer!r}")
    doc = project.document(span.document_id)
    name = doc.text[span.start:span.end]
    matcher = Matcher(name, options)  # AnnotatorError for a span of spaces, marks or tatweel alone
    loose = f" ({options.describe()})" if options.describe() else ""

    def reason(_external_id: str) -> str:
        return f"propagated: “{_short(name)}” is {span.label} in {doc.external_id}{loose}"

    return _suggest(project, span.annotator_id, matcher, layer, span.label, dict(span.attrs), "propagation",
                    reason, None if everywhere else [span.document_id],
                    leave=(span.document_id, span.start, span.end), progress=progress)


def load_patterns(path: Path, schema: Schema) -> list[Pattern]:
    """Gazetteer lines: ``{"label": "GPE", "pattern": "كوريا الشمالية"}``, optionally with ``"layer"``.
    A pattern may also be a token list as Prodigy and spaCy write them (``[{"lower": "north"},
    {"lower": "korea"}]``; "lower" matches any case, "text"/"orth" exactly). Blank lines and lines
    starting with ``#`` are skipped. Every problem names the file and line; nothing is used then."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PatternError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PatternError(f"{path}: not UTF-8 (byte {exc.start})") from exc
    patterns: list[Pattern] = []
    problems: list[str] = []
    for number, line in enumerate(content.split("\n"), 1):  # JSON lines end in \n (not in U+2028)
        line = line.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            pattern = _pattern(json.loads(line), schema, number)
            Matcher(pattern.pattern)  # refused now, with its line, rather than half-way through the run
            patterns.append(pattern)
        except (ValueError, TypeError, AnnotatorError) as exc:
            problems.append(f"{path}:{number}: {exc}")
    if problems:
        raise PatternError("\n".join(problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])))
    if not patterns:
        raise PatternError(f"{path}: no patterns in the file")
    return patterns


def _pattern(item: Any, schema: Schema, number: int) -> Pattern:
    if not isinstance(item, dict):
        raise ValueError("expected a JSON object with \"label\" and \"pattern\"")
    label, body = item.get("label"), item.get("pattern")
    if not isinstance(label, str) or not label:
        raise ValueError("\"label\" is missing or not a string")
    ignore_case = False
    if isinstance(body, list):
        words = []
        for token in body:
            key = next((k for k in ("text", "orth", "lower", "TEXT", "ORTH", "LOWER") if isinstance(token, dict)
                        and isinstance(token.get(k), str)), None)
            if key is None:
                raise ValueError("a token pattern needs {\"text\"|\"orth\"|\"lower\": \"…\"} in every token")
            words.append(token[key])
            ignore_case = ignore_case or key.lower() == "lower"
        body = " ".join(words)
    if not isinstance(body, str) or not body.strip():
        raise ValueError("\"pattern\" is missing, empty, or neither a string nor a token list")
    layer = schema.layer_for(label, item.get("layer"))
    if schema.targets_of(layer):
        raise ValueError(f"layer {layer.name!r} needs a stance target, which a gazetteer cannot give")
    return Pattern(layer.name, label, body, ignore_case, number)


def apply_patterns(project: Project, annotator_id: AnnotatorId, patterns: Iterable[Pattern], *, source_name: str,
                   options: MatchOptions = MatchOptions(), progress: Progress | None = None) -> SuggestOutcome:
    """Pre-annotate every document with the gazetteer's patterns, as the annotator's suggestions."""
    project.index_documents(progress=None if progress is None else (lambda _added: progress(0)))  # cancellable
    run = _Run()
    for p in patterns:
        layer = project.schema.layer(p.layer)
        assert layer is not None  # load_patterns checked it
        matcher = Matcher(p.pattern, MatchOptions(options.ya, options.ta_marbuta, options.ignore_case or p.ignore_case))

        def reason(_external_id: str, p: Pattern = p) -> str:
            return f"gazetteer {source_name}:{p.line}: “{_short(p.pattern)}” is {p.label}"

        _suggest(project, annotator_id, matcher, layer, p.label, {}, "gazetteer", reason, run=run)
        if progress is not None:
            progress(1)
    return run.outcome()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- boilerplate ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BoilerplateFound:
    document_id: DocumentId
    external_id: str
    start: int
    end: int
    text: str
    source: str  # marked, recurring, classifier
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"document": self.external_id, "start": self.start, "end": self.end, "text": self.text,
                "source": self.source, "reason": self.reason}


def boilerplate_layer(schema: Schema) -> Layer:
    layer = schema.boilerplate_layer()
    if layer is None:
        raise AnnotatorError("the schema has no boilerplate layer (a layer named 'boilerplate' or drawn as a band)")
    return layer


@dataclass
class BoilerplateSearch:
    """What a boilerplate search found, and where its classifier kept silent."""

    lines: list[BoilerplateFound] = field(default_factory=list)
    documents: int = 0  # searched
    # documents in a language without a stoplist ("und", "zh" …), by language: there only lines marked
    # or recurring elsewhere are suggested
    unknown_language: Counter[str] = field(default_factory=Counter)
    redetected: int = 0  # documents whose language an older rule gave, detected again for this search

    def notes(self) -> list[str]:
        """What a person should know about the search besides its lines, in words."""
        said = []
        if self.unknown_language:
            count = sum(self.unknown_language.values())
            which = ", ".join(f"{lang} {n}" for lang, n in sorted(self.unknown_language.items()))
            said.append(f"{count} document{'s' * (count != 1)} in a language without a stoplist ({which}): "
                        "only lines marked or recurring elsewhere suggested there")
        if self.redetected:
            said.append(f"the languages of {self.redetected} documents came from an older rule and were detected "
                        "again for this search; 'annotator languages --detect' stores them")
        return said


def find_boilerplate(project: Project, annotator_id: AnnotatorId | None = None, *, min_documents: int = 3,
                     progress: Progress | None = None) -> list[BoilerplateFound]:
    """``search_boilerplate``'s lines."""
    return search_boilerplate(project, annotator_id, min_documents=min_documents, progress=progress).lines


def search_boilerplate(project: Project, annotator_id: AnnotatorId | None = None, *, min_documents: int = 3,
                       progress: Progress | None = None) -> BoilerplateSearch:
    """Boilerplate lines in every document, each with the reason it looks like boilerplate:

    - "marked": the line equals boilerplate the annotator marked in another document;
    - "recurring": the same line is in ``min_documents`` documents or more of the document's site
      (``formats.boilerplate_learning.Sites``: a site's banner, not a story several sites printed);
    - "learned": the project's line classifier, learned from its annotators' marks, when one was
      trained and scored well enough (``formats.boilerplate_learning``); it then takes over from
    - "classifier": the hand-set rules (``core.boilerplate``: jusText's stopword density in the
      document's language, chrome phrases, lines repeated within the document).

    Both classifiers abstain in a document whose language has no stoplist ("und", "zh" …), which the
    outcome counts: there only "marked" and "recurring" speak.

    Lines the annotator has already marked, and each document's headline, are left out. A document
    most of whose article text recurs is a reprint: its recurring article lines are not suggested.
    A language that an older rule gave (a script count: German was "en") is detected again here,
    without being stored. Reads the texts twice, a chunk at a time."""
    if min_documents < 2:
        raise AnnotatorError("--min-documents: a line must recur in 2 documents or more to say anything")
    from annotator.core.boilerplate import analyse, load_cues
    from annotator.core.language import detect_language
    from annotator.formats.boilerplate_learning import Sites, document_rows, learned_lines

    layer = boilerplate_layer(project.schema)
    all_ids = project.candidate_documents()
    sites = Sites.count_lines(project, all_ids)
    marked: dict[str, str] = {}
    taken: dict[int, set[tuple[int, int]]] = {}
    if annotator_id is not None:
        taken = project.span_places(annotator_id, layer.name, all_ids)
        for doc_id, ext, _lang, text in project.texts(sorted(taken)):
            for s, e in taken[doc_id]:
                for line in text[s:e].split("\n"):  # a block marked at once counts line by line
                    if line.strip():
                        marked.setdefault(loose_key(line), ext)
    settings = project.model_settings()
    learned = learned_lines(project, layer.name, settings)
    # never in the documents it learned from: that would hand one annotator another's finished marks
    learned_from = set(learned[0].report.get("trained_documents", ())) if learned is not None else set()
    cues = load_cues()
    stale = set(project.detected_documents(stale=True))
    search = BoilerplateSearch(documents=len(all_ids))
    found = search.lines
    for doc_id, ext, lang, text in project.texts(all_ids):
        if doc_id in stale:
            lang = detect_language(text)
            search.redetected += 1
        seen = analyse(text, lang, cues)
        if seen.abstained:
            search.unknown_language[lang] += 1
        keys = [loose_key(text[s:e]) for s, e in seen.spans]
        counts = sites.of_lines(doc_id, keys)
        recurs = [n >= min_documents and len(k) > 1 for n, k in zip(counts, keys)]
        site = sites.site(doc_id)
        # A reprint (the same story in several documents) repeats its article lines, not only the site's:
        # when most of a document's article text (jusText's good lines) recurs, recurrence says nothing there.
        article = sum(e - s for (s, e), g in zip(seen.spans, seen.good) if g)
        reprinted = sum(e - s for (s, e), g, r in zip(seen.spans, seen.good, recurs) if g and r)
        reprint = article > 0 and 2 * reprinted > article
        scores = None  # the learned classifier abstains where the rules do: a language without a stoplist
        if learned is not None and not seen.abstained and doc_id not in learned_from:
            scores = learned[1].scores(document_rows(doc_id, text, lang, sites, seen)[1])
        for i, (s, e) in enumerate(seen.spans):
            if i == seen.title or not _free(layer, taken.get(doc_id, ()), s, e):
                continue
            where = marked.get(keys[i])
            if where is not None and where != ext:
                found.append(BoilerplateFound(doc_id, ext, s, e, text[s:e], "marked",
                                              f"marked as boilerplate in {where}"))
            elif recurs[i] and not (reprint and seen.good[i]):
                of = f" of {site}" if site else ""
                found.append(BoilerplateFound(doc_id, ext, s, e, text[s:e], "recurring",
                                              f"the same line is in {counts[i]} documents{of}"))
            elif scores is not None:
                if scores[i] >= settings.min_score:
                    found.append(BoilerplateFound(doc_id, ext, s, e, text[s:e], "learned", f"learned {scores[i]:.2f}"))
            elif seen.reasons[i]:
                found.append(BoilerplateFound(doc_id, ext, s, e, text[s:e], "classifier", str(seen.reasons[i])))
        if progress is not None:
            progress(1)
    return search


def store_boilerplate(project: Project, annotator_id: AnnotatorId, found: Sequence[BoilerplateFound]) -> int:
    """Store boilerplate lines as the annotator's suggestions (label: the layer's first)."""
    layer = boilerplate_layer(project.schema)
    label = layer.labels[0].name
    new = [NewSuggestion(f.document_id, layer.name, label, f.start, f.end, f.text, f.source, f.reason)
           for f in found]
    return store_suggestions(project, annotator_id, new)


def store_suggestions(project: Project, annotator_id: AnnotatorId, new: Sequence[NewSuggestion]) -> int:
    """Store suggestions in short transactions of ``STORE_BATCH``, each followed by a checkpoint of SQLite's
    log and a pause as long as the batch held the write lock: a window writing beside this job (a key that
    tags a span) waits one short batch at most, never the whole store. Returns how many are new."""
    added = 0
    for i in range(0, len(new), STORE_BATCH):
        began = time.perf_counter()
        added += project.add_suggestions(annotator_id, new[i:i + STORE_BATCH])
        project.checkpoint()  # the log kept short: no commit, the window's or ours, has a long checkpoint to do
        if i + STORE_BATCH < len(new):
            time.sleep(min(time.perf_counter() - began, 0.05))  # the lock is free as long as it was held
    return added
