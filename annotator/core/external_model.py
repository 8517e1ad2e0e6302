"""A token-classification model the user already has on disk (an ONNX export), for entity suggestions.

A model folder is what ``optimum-cli export onnx --task token-classification`` writes: ``model.onnx``
(the graph), ``tokenizer.json`` (a Hugging Face *tokenizers* file) and ``config.json`` (whose
``id2label`` names the model's outputs). Nothing is downloaded: the folder is read as it is.
onnxruntime and tokenizers are optional (``pip install "annotator[onnx]"``) and imported only when a
model is loaded, so this module imports without them.

``predict`` tags a whole text: the tokenizer's tokens carry code-point offsets into the text (a
Python ``str`` index, as every offset here); the model sees windows of at most its maximum length
that overlap, and each token takes its probabilities from the window where it sits farthest from an
edge. A word (the tokenizer's pre-tokenized word) takes the label of its first piece, as the model
was trained; BIO/IOB1, BIOES/BILOU and plain labels are decoded into spans of whole words, which are
then snapped to the app's units (``annotator.core.units.snap``: no edge whitespace or punctuation, a
proclitic before ال left outside, as a drag selects). A span's score is the least of its words'
probabilities of the labels they got and the probability that the word after it does not continue
it: each is implied by the span being exactly right, as with the CRF (``recommender._span_score``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from annotator.core.errors import AnnotatorError
from annotator.core.recommender import Suggestion
from annotator.core.units import snap

# the version of the rule that turns the model's output into spans (stored with the project's model row)
ONNX_VERSION = "onnx-1"
FILES = ("model.onnx", "tokenizer.json", "config.json")
INSTALL = 'pip install "annotator[onnx]"'
DEFAULT_LENGTH = 512
OVERLAP = 0.25  # of a window, shared with the next one
INPUTS = ("input_ids", "attention_mask", "token_type_ids", "position_ids")
# model families whose position ids start after the padding id
_OFFSET_POSITIONS = ("roberta", "xlm-roberta", "camembert", "longformer", "xlm-roberta-xl", "data2vec-text")
_PREFIXED = re.compile(r"^([BIESLU])[-_](.+)$")
_CONTINUES = ("I", "E", "L", None)  # tags that continue a span of their type (None: a plain label)
_ENDS = ("E", "L", "S", "U")
_STARTS = ("B", "S", "U")

# Names a schema may use for a model's label, tried when the schema lacks the model's own name.
# A model's label maps to the first of these that the layer has (case-insensitive).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("PER", "PERS", "PERSON"),
    ("LOC", "LOCATION"),
    ("ORG", "ORGANIZATION", "ORGANISATION"),
    ("MISC", "MISCELLANEOUS"),
)


@dataclass
class ExternalModel:
    """A loaded ONNX token classifier. ``labels`` are ``id2label`` in output order; ``label_map`` sends a
    label's type (without B-/I-) to the schema's label, and types it lacks are dropped (None: kept as
    they are). It holds an onnxruntime session: use it from one thread at a time."""

    folder: Path
    labels: tuple[str, ...]
    max_length: int
    session: Any = field(repr=False)
    tokenizer: Any = field(repr=False)
    inputs: dict[str, Any] = field(default_factory=dict)  # the graph's input names → numpy integer type
    output: str = "logits"
    fixed_length: int | None = None  # a graph exported for one sequence length is padded to it
    pad_id: int = 0
    label_map: dict[str, str] | None = None

    @property
    def types(self) -> list[str]:
        """The entity types the model knows (its labels without B-/I-/…; "O" left out), in label order."""
        found: list[str] = []
        for label in self.labels:
            kind = parse_label(label)[1]
            if kind is not None and kind not in found:
                found.append(kind)
        return found


def parse_label(label: str) -> tuple[str | None, str | None]:
    """(tag, type): "B-PER" → ("B", "PER"), "I_LOC" → ("I", "LOC"), "PER" → (None, "PER"), "O" → (None, None)."""
    if label.upper() == "O" or not label.strip():
        return None, None
    m = _PREFIXED.match(label)
    return (m.group(1), m.group(2)) if m else (None, label)


def default_label_map(types: Iterable[str], schema_labels: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Each model type sent to the schema's label of the same name (any case), else to the first name of
    its row in ``SYNONYMS`` that the schema has; returns the map and the types that map nowhere."""
    by_case = {name.casefold(): name for name in schema_labels}
    mapping: dict[str, str] = {}
    unmapped: list[str] = []
    for kind in types:
        target = by_case.get(kind.casefold())
        if target is None:
            row = next((r for r in SYNONYMS if kind.casefold() in {n.casefold() for n in r}), ())
            target = next((by_case[n.casefold()] for n in row if n.casefold() in by_case), None)
        if target is None:
            unmapped.append(kind)
        else:
            mapping[kind] = target
    return mapping, unmapped


def fingerprint(folder: Path) -> dict[str, Any]:
    """What tells a changed model: model.onnx's size and the SHA-256 of its first and last megabyte (a model
    trained again keeps its size, not its weights; hashing a large model whole would take seconds), and the
    SHA-256 of config.json and tokenizer.json: the same on every machine that has a copy, unlike
    modification times."""
    path = folder / "model.onnx"
    size = path.stat().st_size
    digest = hashlib.sha256()
    with path.open("rb") as f:
        digest.update(f.read(_SAMPLE))
        f.seek(max(0, size - _SAMPLE))
        digest.update(f.read(_SAMPLE))
    return {"model.onnx": {"size": size, "sha256_ends": digest.hexdigest()},
            **{name: {"sha256": hashlib.sha256((folder / name).read_bytes()).hexdigest()}
               for name in ("config.json", "tokenizer.json")}}


_SAMPLE = 1 << 20  # bytes of each end of model.onnx in its fingerprint


def _config(path: Path) -> tuple[dict[str, Any], tuple[str, ...]]:
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AnnotatorError(f"{path}: not readable as JSON ({exc})") from None
    raw = config.get("id2label") if isinstance(config, dict) else None
    try:
        labels = {int(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
    except ValueError:
        labels = {}
    if not labels or sorted(labels) != list(range(len(labels))):
        raise AnnotatorError(f"{path}: no usable id2label (the model's labels by output index, 0 to n-1)")
    return config, tuple(labels[i] for i in range(len(labels)))


def _libraries() -> tuple[Any, Any]:
    try:
        import onnxruntime
        import tokenizers
    except ImportError as exc:
        raise AnnotatorError(f"an ONNX model needs onnxruntime and tokenizers ({exc.name} is not installed): "
                             f"{INSTALL}") from None
    return onnxruntime, tokenizers


def _max_length(config: Mapping[str, Any], tokenizer: Any) -> int:
    """The longest window the model reads: the tokenizer's truncation length, else the config's
    position embeddings (less the padding offset of RoBERTa-like models), else 512."""
    truncation = tokenizer.truncation
    if truncation and truncation.get("max_length"):
        return int(truncation["max_length"])
    positions = config.get("max_position_embeddings")
    if isinstance(positions, int) and positions > 0:
        if str(config.get("model_type", "")).lower() in _OFFSET_POSITIONS:
            positions -= 2  # their positions start after the padding id (1): 514 positions hold 512 tokens
        return positions
    return DEFAULT_LENGTH


def load(folder: str | Path, label_map: Mapping[str, str] | None = None) -> ExternalModel:
    """The model in ``folder`` (absolute or not; stored absolute). Raises AnnotatorError naming the file
    and the reason when something is missing or damaged, or when the optional libraries are missing."""
    where = Path(folder).expanduser().absolute()
    if not where.is_dir():
        raise AnnotatorError(f"{where}: no such folder on this machine (an ONNX token-classification export: "
                             f"{', '.join(FILES)})")
    for name in FILES:
        if not (where / name).is_file():
            raise AnnotatorError(f"{where / name}: missing (an ONNX token-classification export holds "
                                 f"{', '.join(FILES)}; optimum-cli export onnx --task token-classification writes them)")
    config, labels = _config(where / "config.json")
    ort, tokenizers = _libraries()
    try:
        tokenizer = tokenizers.Tokenizer.from_file(str(where / "tokenizer.json"))
    except Exception as exc:  # noqa: BLE001 - the library raises plain Exceptions for a bad file
        raise AnnotatorError(f"{where / 'tokenizer.json'}: not a Hugging Face tokenizers file ({exc})") from None
    options = ort.SessionOptions()
    options.log_severity_level = 3  # errors only: its warnings are not the user's to act on
    try:
        session = ort.InferenceSession(str(where / "model.onnx"), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - onnxruntime's own exception types vary by version
        raise AnnotatorError(f"{where / 'model.onnx'}: onnxruntime cannot load it ({_first_line(exc)})") from None
    inputs: dict[str, Any] = {}
    fixed: int | None = None
    for node in session.get_inputs():
        if node.name not in INPUTS:
            raise AnnotatorError(f"{where / 'model.onnx'}: the graph asks for an input {node.name!r}; annotator feeds "
                                 f"{', '.join(INPUTS)}")
        inputs[node.name] = np.int32 if node.type == "tensor(int32)" else np.int64
        if len(node.shape) == 2 and isinstance(node.shape[1], int) and node.shape[1] > 0:
            fixed = node.shape[1]
    if "input_ids" not in inputs:
        raise AnnotatorError(f"{where / 'model.onnx'}: the graph has no input_ids input (not a token classifier)")
    outputs = session.get_outputs()
    output = next((o for o in outputs if o.name == "logits"), outputs[0])
    shape = list(output.shape or [])  # an export may leave the shape out: then it is checked as it runs
    if shape and (len(shape) != 3 or (isinstance(shape[2], int) and shape[2] != len(labels))):
        raise AnnotatorError(f"{where / 'model.onnx'}: its output {output.name!r} has shape {output.shape}, not "
                             f"[batch, tokens, {len(labels)} labels] as config.json's id2label says")
    length = _max_length(config, tokenizer)
    if fixed is not None:
        length = min(length, fixed)
    padding = tokenizer.padding
    pad_id = int(padding["pad_id"]) if padding and "pad_id" in padding else int(config.get("pad_token_id") or 0)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    if length - tokenizer.num_special_tokens_to_add(False) < 1:
        raise AnnotatorError(f"{where}: a window of {length} tokens leaves no room for text beside the special tokens")
    return ExternalModel(where, labels, length, session, tokenizer, inputs, output.name, fixed, pad_id,
                         dict(label_map) if label_map is not None else None)


# -- predicting ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    probs: Any  # numpy: the label probabilities of the word's first piece


def _softmax(logits: Any) -> Any:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _windows(count: int, width: int) -> list[tuple[int, int, int, int]]:
    """(start, end, keep_from, keep_to) over ``count`` tokens: windows of ``width`` that overlap by a
    quarter; each token is kept from the window where it is farthest from an edge."""
    if count <= width:
        return [(0, count, 0, count)]
    overlap = min(width - 1, max(1, int(width * OVERLAP)))
    step = width - overlap
    found: list[tuple[int, int, int, int]] = []
    start = 0
    while True:
        end = min(count, start + width)
        last = end == count
        found.append((start, end, start + (overlap // 2 if start else 0), end if last else end - (overlap - overlap // 2)))
        if last:
            return found
        start += step


def _run(model: ExternalModel, ids: list[int], types: list[int]) -> Any:
    """The label probabilities of one window of token ids: [tokens, labels]."""
    n = len(ids)
    size = model.fixed_length or n
    feed_ids = ids + [model.pad_id] * (size - n)
    columns = {"input_ids": feed_ids, "attention_mask": [1] * n + [0] * (size - n),
               "token_type_ids": types + [0] * (size - n), "position_ids": list(range(size))}
    feed = {name: np.asarray([columns[name]], dtype=dtype) for name, dtype in model.inputs.items()}
    try:
        logits = np.asarray(model.session.run([model.output], feed)[0])
    except Exception as exc:  # noqa: BLE001 - onnxruntime's own exception types vary by version
        raise AnnotatorError(f"{model.folder / 'model.onnx'}: onnxruntime failed on a window of {n} tokens "
                             f"({_first_line(exc)})") from None
    if logits.ndim != 3 or logits.shape[0] != 1 or logits.shape[1] < n or logits.shape[2] != len(model.labels):
        raise AnnotatorError(f"{model.folder / 'model.onnx'}: its output has shape {list(logits.shape)}, not "
                             f"[1, {size}, {len(model.labels)}] (a window, its tokens, the labels of config.json)")
    return _softmax(np.asarray(logits[0, :n], dtype=np.float64))


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _words(model: ExternalModel, text: str) -> list[_Word]:
    """The text's words in order, each with the probabilities its first piece got."""
    enc = model.tokenizer.encode(text)
    special = enc.special_tokens_mask
    lo, hi = 0, len(enc.ids)
    while lo < hi and special[lo]:
        lo += 1
    while hi > lo and special[hi - 1]:
        hi -= 1
    if lo == hi:
        return []
    ids, types, offsets, word_ids = enc.ids, enc.type_ids, enc.offsets, enc.word_ids
    width = model.max_length - lo - (len(ids) - hi)
    probs: list[Any] = [None] * (hi - lo)
    for start, end, keep_from, keep_to in _windows(hi - lo, width):
        window = [*range(lo), *range(lo + start, lo + end), *range(hi, len(ids))]  # the special tokens around
        out = _run(model, [ids[i] for i in window], [types[i] for i in window])
        for k in range(keep_from, keep_to):
            probs[k] = out[lo + k - start]
    words: list[_Word] = []
    last_word: int | None = None
    for k in range(hi - lo):
        i = lo + k
        a, b = offsets[i]
        if special[i]:
            last_word = None
            continue
        if a >= b:  # a piece that holds no character of the text
            continue
        if word_ids[i] is not None and word_ids[i] == last_word and words:
            words[-1] = _Word(words[-1].start, max(words[-1].end, b), words[-1].probs)
        else:
            words.append(_Word(a, b, probs[k]))
        last_word = word_ids[i]
    return words


def predict(model: ExternalModel, text: str) -> list[Suggestion]:
    """The spans the model finds in ``text``, in text order, with their schema labels (``label_map``)."""
    if not text.strip():
        return []
    words = _words(model, text)
    parsed = [parse_label(label) for label in model.labels]
    chosen = [int(np.argmax(w.probs)) for w in words]
    continues: dict[str, list[int]] = {}
    for i, (tag, kind) in enumerate(parsed):
        if kind is not None and tag in _CONTINUES:
            continues.setdefault(kind, []).append(i)
    found: list[Suggestion] = []
    for first, last, kind in spans_from_labels([model.labels[c] for c in chosen]):
        label = kind if model.label_map is None else model.label_map.get(kind)
        if label is None:
            continue
        probs = [float(words[k].probs[chosen[k]]) for k in range(first, last + 1)]
        if last + 1 < len(words):
            probs.append(1.0 - float(sum(words[last + 1].probs[i] for i in continues.get(kind, []))))
        start, end = snap(text, words[first].start, words[last].end)
        if start < end and (not found or start >= found[-1].end):
            found.append(Suggestion(start, end, label, min(1.0, max(1e-6, min(probs)))))
    return found


def spans_from_labels(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans (first word, last word, type) of the words' labels in any of BIO, IOB1, BIOES, BILOU or plain
    labels. An I-/E- after a word of another type starts a span (as IOB1 and lenient BIO readers do)."""
    spans: list[tuple[int, int, str]] = []
    open_span = False  # whether the last span may go on
    for k, (tag, kind) in enumerate(parse_label(label) for label in labels):
        if kind is None:
            open_span = False
            continue
        if open_span and tag not in _STARTS and spans[-1][2] == kind:
            spans[-1] = (spans[-1][0], k, kind)
        else:
            spans.append((k, k, kind))
        open_span = tag not in _ENDS
    return spans


def uncertainty(model: ExternalModel, text: str) -> float:
    """As ``recommender.uncertainty``: the mean over the text's words of 1 − the probability of the
    word's most likely label; 0 for a text without words."""
    words = _words(model, text) if text.strip() else []
    return float(sum(1.0 - float(np.max(w.probs)) for w in words) / len(words)) if words else 0.0
