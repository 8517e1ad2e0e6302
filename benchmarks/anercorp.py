"""Read benchmarks/data/anercorp-subset.txt (ANERcorp, CC BY-SA 4.0; see benchmarks/data/README.md)
into the recommender's documents: texts with entity spans, as a project would hold them.

The file has one sentence a line, ANERcorp's tokens separated by spaces, each entity in brackets
with its label: ``[LOC الولايات المتحدة]``. ANERcorp has no document boundaries: consecutive
sentences are grouped into pseudo-documents of at least ``min_tokens`` tokens, one sentence a line.

ANERcorp tags written words, proclitic and all ("وإسرائيل" is B-LOC); the project's spans leave a
proclitic outside ("و" + "إسرائيل"), as the README's units do. So an entity's first word loses a
leading proclitic letter (و ف ب ل ك) when the rest starts with the article ال and two more letters
(the unit rule: "بالعراق") or when the rest is, somewhere in the corpus, the first word of an
entity ("وإسرائيل" → "إسرائيل", "لبيروت" → "بيروت"; "وليد" stays, no entity starts with "ليد").
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.matching import loose_key
from annotator.core.recommender import Labelled
from annotator.core.units import PROCLITICS, rest_after_proclitic

DATA = Path(__file__).resolve().parent / "data" / "anercorp-subset.txt"
Sentence = list[tuple[str, str | None, bool]]  # (token, label of its entity, first token of it)


def sentences(path: Path = DATA) -> list[Sentence]:
    """Each line's tokens with the label of the entity they are in (None outside) and whether they begin it."""
    out: list[Sentence] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.replace("\u200f", "").replace("·", ".").split()
        tokens: Sentence = []
        label: str | None = None
        first = False
        for word in words:
            if word.startswith("[") and len(word) > 1 and label is None:
                label, first = word[1:], True
                continue
            end = word.endswith("]") and label is not None
            tokens.append((word[:-1] if end else word, label, first))
            first = False
            if end:
                label = None
        if tokens:
            out.append(tokens)
    return out


def _strip_proclitic(word: str, entity_starts: set[str]) -> int:
    """How many characters of an entity's first word are a proclitic to leave outside it (0 or 1)."""
    if len(word) < 3 or word[0] not in PROCLITICS:
        return 0
    rest = word[1:]
    return 1 if rest_after_proclitic(rest) or loose_key(rest) in entity_starts else 0


def documents(min_tokens: int = 70, path: Path = DATA) -> list[Labelled]:
    """Pseudo-documents of consecutive sentences (at least ``min_tokens`` tokens each, the last
    one whatever is left), with their entity spans."""
    sents = sentences(path)
    starts = {loose_key(tok) for s in sents for tok, label, first in s if first}
    docs: list[Labelled] = []
    text, spans, count = "", [], 0
    for sentence in sents:
        if text:
            text += "\n"
        open_span: list[int | str] | None = None
        for k, (tok, label, first) in enumerate(sentence):
            if k:
                text += " "
            if open_span is not None and (label is None or first):
                spans.append((int(open_span[0]), len(text) - 1, str(open_span[1])))
                open_span = None
            if label is not None and open_span is None:
                open_span = [len(text) + (_strip_proclitic(tok, starts) if first else 0), label]
            text += tok
        if open_span is not None:
            spans.append((int(open_span[0]), len(text), str(open_span[1])))
        count += len(sentence)
        if count >= min_tokens:
            docs.append(Labelled(text, spans))
            text, spans, count = "", [], 0
    if text:
        docs.append(Labelled(text, spans))
    return docs
