"""The document-label (stance) model: one label per document and target, learned from the project's labels.

**Features** (``features``), all in the matcher's loosest form (``annotator.core.matching``: no
tashkeel or tatweel, one alef, ى=ي, ة=ه, any case; digits as 0), each group weighted 1 + log(count)
and scaled to unit length so that a long document weighs no more than a short one:

- the sentences that mention the target (its name found as propagation finds names: any spelling
  the loosest form allows, after a proclitic), as character n-grams of 2 to 5 letters inside each
  word (the word padded with ``<`` and ``>``) and as words, and whether the target is mentioned at
  all. A proclitic glued to a word ("وتدين", "فتدعم", "لروسيا") changes a few n-grams, not the
  word's every feature, which is why n-grams beat whole words for Arabic with few labels;
- the whole document's words, conjoined with the target (``t|Russia|w|موسكو``): what a document
  says of a target it does not name as the schema spells it.

**One model per task, not per target.** A row is a (document, target) pair. The mention sentences'
features are shared by every target, so what is said around a target ("تدين", "condemns") is learned
from all targets' labels at once, and a document that is for one target and against another gives
each its own sentences; with a few dozen labelled documents, that sharing is most of what there is to
learn (a model per target would see a third of the labels each). The conjoined words let a target
differ from the others where they must. The document's own n-grams are not features: on real Arabic
news with three targets (``benchmarks/bench_stance.py``) they changed no held-out label and took five
times the training time and six times the weights.

**Abstaining.** A label with fewer than ``MIN_LABEL`` training examples (all targets together) is not
learned, and the model says nothing for a target with fewer than ``MIN_TARGET`` labelled training
documents: ``StanceModel.abstains`` lists them.

The classifier is ``annotator.core.linear`` (L2-penalised softmax regression); its probability of the
top label, after temperature scaling fitted on the held-out labels (``evaluate``; ``linear.calibrate``),
is the score a suggestion shows. ``evaluate`` holds out whole story groups and reports
accuracy and per-label precision, recall and F1 (the macro average is the model's F1).
"""

from __future__ import annotations

import json
import math
import re
import struct
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import regex

from annotator.core.linear import LINEAR_VERSION, LinearModel, calibrate, fit
from annotator.core.matching import LOOSEST, Matcher, normalize, terms
from annotator.core.recommender_eval import Scores, held_out

STANCE_VERSION = f"stance-1/{LINEAR_VERSION}"  # the features and the stored format: another is trained again
_MAGIC = b"ANNOTATOR-STANCE\n"
MIN_LABEL = 3    # training examples a label needs to be learned
MIN_TARGET = 4   # labelled training documents a target needs before the model suggests for it
BITS = 20        # hash buckets: 2**20, few collisions for the conjoined features of a few hundred documents
L2 = 0.1
MIN_ROWS = 2     # a feature of one (document, target) row only is left out: half the weights, the same accuracy
MIN_CALIBRATION = 30  # held-out labels needed to fit a temperature (fewer: the softmax as it is)
NGRAMS = (2, 5)
_DIGIT = re.compile(r"\d")
# runs of text between sentence ends and line breaks; a period inside a token ("U.S", "3.5") or after a word
# of one or two letters ("U.S.", "Mr.") ends nothing
_SENTENCE = regex.compile(r"(?:[^.!?؟؛\n]|\.(?=\S)|(?<=(?:^|[\s(.])\p{L}{1,2})\.)+")
Progress = Callable[[int, int], None]  # (done, in all); may raise to cancel


class Example(NamedTuple):
    """A document's text and its labels: target → label ("" is the target of a task without targets)."""

    text: str
    labels: Mapping[str, str]


def _weighted(counts: Counter[str], prefix: str, into: dict[str, float]) -> None:
    """``counts`` as 1 + log(count), scaled to unit length, under ``prefix``."""
    if not counts:
        return
    values = {k: 1.0 + math.log(v) for k, v in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    for key, value in values.items():
        into[prefix + key] = value / norm


def text_features(text: str, grams: bool = True) -> dict[str, float]:
    """Character n-grams inside words (``c|``, unless not ``grams``) and words (``w|``) of a text, weighted
    (see the module)."""
    counts: Counter[str] = Counter()
    words: Counter[str] = Counter(_DIGIT.sub("0", word) for word in terms(text))
    low, high = NGRAMS
    for word, n_word in words.items() if grams else ():
        padded = f"<{word}>"
        for n in range(low, high + 1):
            for i in range(len(padded) - n + 1):
                counts[padded[i:i + n]] += n_word
    out: dict[str, float] = {}
    _weighted(counts, "c|", out)
    _weighted(words, "w|", out)
    return out


def mention_context(text: str, target: str, names: Sequence[str] = ()) -> str:
    """The sentences of ``text`` that mention ``target`` or one of its other ``names`` (as propagation finds
    a name), joined; "" if none."""
    starts = [start for name in (target, *names) if name and normalize(name, LOOSEST).text.split()
              for start, _end in Matcher(name, LOOSEST).find(text)]
    if not starts:
        return ""
    sentences = [m for m in _SENTENCE.finditer(text) if any(m.start() <= s < m.end() for s in starts)]
    return "\n".join(m.group() for m in sentences)


def features(text: str, target: str, document: Mapping[str, float] | None = None,
             names: Sequence[str] = ()) -> dict[str, float]:
    """One row: the document's words conjoined with the target, the mention sentences' shared features.
    ``document``: ``text_features(text, grams=False)``, when already made (one document, several targets);
    ``names``: the target's other names (``Task.target_names``)."""
    document = text_features(text, grams=False) if document is None else document
    row = {f"t|{target}|{name}": value for name, value in document.items()}
    row[f"t|{target}"] = 1.0
    context = mention_context(text, target, names)
    if context:
        row.update({f"m|{name}": value for name, value in text_features(context).items()})
        row["m|mentioned"] = row[f"t|{target}|mentioned"] = 1.0
    else:
        row["m|unmentioned"] = 1.0
    return row


@dataclass
class StanceModel:
    """A trained document-label model of one task: the targets it suggests for, those it abstains on."""

    task: str
    targets: tuple[str, ...]
    abstains: tuple[str, ...]
    linear: LinearModel
    info: dict[str, Any] = field(default_factory=dict)
    version: str = STANCE_VERSION
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # each target's other names

    @property
    def labels(self) -> tuple[str, ...]:
        return self.linear.classes

    def predict(self, text: str) -> list[tuple[str, str, float]]:
        """(target, most probable label, its probability) for each target the model does not abstain on."""
        if not self.targets:
            return []
        document = text_features(text, grams=False)
        found = self.linear.predict([features(text, target, document, self.names.get(target, ()))
                                     for target in self.targets])
        return [(target, label, score) for target, (label, score) in zip(self.targets, found)]

    def to_bytes(self) -> bytes:
        header = json.dumps({"version": self.version, "task": self.task, "targets": list(self.targets),
                             "abstains": list(self.abstains), "info": self.info,
                             "names": {t: list(n) for t, n in self.names.items()}},
                            ensure_ascii=False, sort_keys=True).encode("utf-8")
        return _MAGIC + struct.pack(">I", len(header)) + header + self.linear.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> StanceModel:
        if not data.startswith(_MAGIC):
            raise ValueError("not a stance model")
        at = len(_MAGIC)
        (n_header,) = struct.unpack(">I", data[at:at + 4])
        header = json.loads(data[at + 4:at + 4 + n_header].decode("utf-8"))
        if header.get("version") != STANCE_VERSION:
            raise ValueError(f"a stance model of version {header.get('version')!r}; this program reads {STANCE_VERSION!r}")
        linear = LinearModel.from_bytes(data[at + 4 + n_header:])
        return cls(header["task"], tuple(header["targets"]), tuple(header["abstains"]), linear, header.get("info", {}),
                   names={t: tuple(n) for t, n in header.get("names", {}).items()})


def _rows(examples: Sequence[Example], labels: set[str] | None = None) -> list[tuple[int, str, str]]:
    """(example, target, label) of every label (of ``labels``, when given), in a fixed order."""
    return [(i, target, label) for i, ex in enumerate(examples) for target, label in sorted(ex.labels.items())
            if labels is None or label in labels]


def train(examples: Sequence[Example], task: str, targets: Iterable[str] = (), *, l2: float = L2,
          temperature: float = 1.0, progress: Progress | None = None, max_iterations: int = 200,
          names: Mapping[str, Sequence[str]] | None = None) -> StanceModel:
    """A model of ``task`` learned from ``examples``; ``targets`` are the task's (a task without targets
    has the one target ""); ``temperature``: the one ``evaluate`` fitted; ``names``: each target's other
    names, looked for as the target is. ValueError when fewer than two labels have ``MIN_LABEL`` examples."""
    other = {t: tuple(n) for t, n in (names or {}).items()}
    all_targets = tuple(targets) or ("",)
    counts = Counter(label for _i, _t, label in _rows(examples))
    learned = {label for label, n in counts.items() if n >= MIN_LABEL}
    if len(learned) < 2:
        raise ValueError(f"the model needs two labels with at least {MIN_LABEL} examples each "
                         f"(so far: {', '.join(f'{k} {v}' for k, v in sorted(counts.items())) or 'none'})")
    rows = [(i, t, label) for i, t, label in _rows(examples, learned) if t in all_targets]
    per_target = Counter(t for _i, t, _label in rows)
    documents = [text_features(ex.text, grams=False) for ex in examples]
    linear = fit([features(examples[i].text, t, documents[i], other.get(t, ())) for i, t, _label in rows],
                 [label for _i, _t, label in rows], bits=BITS, l2=l2, min_rows=MIN_ROWS, progress=progress,
                 max_iterations=max_iterations)
    linear.temperature = temperature
    suggested = tuple(t for t in all_targets if per_target[t] >= MIN_TARGET)
    info = {"documents": len(examples), "rows": len(rows), "labels": dict(sorted(counts.items())),
            "per_target": {t: per_target[t] for t in all_targets}, "l2": l2, **linear.info}  # no timing: same bytes
    return StanceModel(task, suggested, tuple(t for t in all_targets if t not in suggested), linear, info,
                       names={t: n for t, n in other.items() if t in all_targets})


@dataclass(frozen=True)
class StanceEvaluation:
    """Held-out figures over the (document, target) labels of the targets the model suggests for (what
    its suggestions would be judged on): per-label counts (a label it did not learn is a miss), accuracy,
    how often the top label was right at each score, and how many labels were of targets it abstains on."""

    per_label: dict[str, Scores]
    correct: int
    total: int
    calibration: list[tuple[float, float, int, int]]  # (from, below, predictions, right ones)
    abstained: int
    temperature: float
    train_documents: tuple[int, ...]
    test_documents: tuple[int, ...]
    model: StanceModel | None = field(default=None, repr=False, compare=False)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def macro_f1(self) -> float:
        """The mean of every label's F1 (labels of the held-out gold or of the predictions)."""
        return sum(s.f1 for s in self.per_label.values()) / len(self.per_label) if self.per_label else 0.0


BINS = (0.0, 0.5, 0.7, 0.9, 1.01)


def score(model: StanceModel, examples: Sequence[Example]) -> tuple[dict[str, Scores], int, int,
                                                                      list[tuple[float, float, int, int]], int]:
    """Per-label counts, right and all labels, calibration bins, and labels of targets abstained on, of
    ``model`` on ``examples`` (see ``StanceEvaluation``)."""
    per_label: dict[str, Scores] = {}
    right = total = abstained = 0
    bins = [[lo, hi, 0, 0] for lo, hi in zip(BINS, BINS[1:])]
    for ex in examples:
        predicted = {t: (label, s) for t, label, s in model.predict(ex.text)}
        for target, gold in ex.labels.items():
            guess = predicted.get(target)
            if guess is None:
                abstained += 1
                continue
            total += 1
            hit = guess[0] == gold
            right += hit
            per_label[gold] = per_label.get(gold, Scores()) + Scores(tp=int(hit), fn=int(not hit))
            if not hit:
                per_label[guess[0]] = per_label.get(guess[0], Scores()) + Scores(fp=1)
            b = next(b for b in bins if b[0] <= guess[1] < b[1])
            b[2] += 1
            b[3] += hit
    return per_label, right, total, [(float(a), float(b), int(c), int(d)) for a, b, c, d in bins], abstained


def evaluate(examples: Sequence[Example], task: str, targets: Iterable[str] = (), *,
             groups: Sequence[int] | None = None, share: float = 0.2, seed: int = 0,
             progress: Progress | None = None, **options: Any) -> StanceEvaluation:
    """Hold out ``share`` of the documents (whole story groups: ``recommender_eval.held_out``), train on
    the rest, score the held-out ones."""
    train_idx, test_idx = held_out(len(examples), groups, share, seed)
    model = train([examples[i] for i in train_idx], task, targets, progress=progress, **options)
    test = [examples[i] for i in test_idx]
    rows = [(features(ex.text, target, names=model.names.get(target, ())), label)
            for ex in test for target, label in sorted(ex.labels.items()) if target in model.targets]
    if len(rows) >= MIN_CALIBRATION:  # the calibration bins below are then in-sample for the temperature
        model.linear.temperature = calibrate(model.linear, [r for r, _l in rows], [label for _r, label in rows])
    per_label, right, total, bins, abstained = score(model, test)
    return StanceEvaluation(per_label, right, total, bins, abstained, model.linear.temperature, tuple(train_idx),
                            tuple(test_idx), model)
