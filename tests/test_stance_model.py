"""The stance model's core (``annotator.core.stance_model``): it learns which way a document leans toward
each target from Arabic texts whose words carry proclitics it never saw, tells two targets of one
document apart, abstains where it has too few labels, and is the same bytes every time."""

from __future__ import annotations

import random

import pytest

from annotator.core.stance_model import (MIN_LABEL, MIN_TARGET, Example, StanceModel, evaluate, features,
                                         mention_context, train)

TARGETS = ("أمريكا", "روسيا")
# training sees these verbs bare; the held-out documents have them with a proclitic (و ف) glued on,
# as whole words never seen: only the character n-grams carry them over
PRO, ANTI = ("تدعم", "تؤيد", "ترحب"), ("تدين", "ترفض", "تهاجم")
NAMES = {"أمريكا": ("أمريكا", "وأمريكا", "لأمريكا"), "روسيا": ("روسيا", "وروسيا", "لروسيا")}
FILLER = ("قال المتحدث في مؤتمر صحفي.", "وأضاف أن الوضع معقد.", "وذكرت الوكالة أن الاجتماع انتهى.",
          "جاء ذلك في بيان رسمي.", "The talks resumed on Monday.")


def document(rng: random.Random, stances: dict[str, str], clitic: str = "") -> str:
    sentences = [f"الحكومة {clitic}{rng.choice(PRO if stance == 'FAVOR' else ANTI)} {rng.choice(NAMES[target])} "
                 "في خطوة جديدة." for target, stance in stances.items()]
    sentences += rng.sample(FILLER, 2)
    rng.shuffle(sentences)
    return " ".join(sentences)


def corpus(n: int, seed: int, clitic: str = "") -> list[Example]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        stances = {t: rng.choice(["FAVOR", "AGAINST"]) for t in TARGETS}
        out.append(Example(document(rng, stances, clitic), stances))
    return out


def test_it_learns_each_targets_stance_and_carries_it_over_proclitics() -> None:
    model = train(corpus(40, seed=1), "stance", TARGETS)
    assert set(model.labels) == {"FAVOR", "AGAINST"} and model.targets == TARGETS and model.abstains == ()
    for clitic in ("و", "ف"):
        for ex in corpus(20, seed=2, clitic=clitic):
            found = {target: (label, score) for target, label, score in model.predict(ex.text)}
            assert {t: label for t, (label, _s) in found.items()} == dict(ex.labels), ex.text
            assert all(0.5 < score <= 1.0 for _label, score in found.values())
    both = "الحكومة وتدعم لأمريكا في خطوة جديدة. الحكومة فتدين وروسيا في خطوة جديدة."
    assert [(t, label) for t, label, _s in model.predict(both)] == [("أمريكا", "FAVOR"), ("روسيا", "AGAINST")]


def test_the_sentences_mentioning_a_target_are_found_after_a_proclitic_and_in_any_spelling() -> None:
    text = "قالت الحكومة إنها تدعم لأمريكا.\nوأضافت أن الطقس جميل. ثم انتقدت روسيا بشدة"
    assert mention_context(text, "امريكا") == "قالت الحكومة إنها تدعم لأمريكا"  # alef forms do not matter
    assert mention_context(text, "روسيا") == " ثم انتقدت روسيا بشدة"
    assert mention_context(text, "الصين") == ""
    row = features(text, "الصين")
    assert row["m|unmentioned"] == 1.0 and not any(k.startswith("m|c|") for k in row)
    assert "t|الصين|w|تدعم" in row and not any("|c|" in k for k in row)  # the document's words, with the target


def test_a_target_with_too_few_labels_is_abstained_on_and_a_rare_label_not_learned() -> None:
    examples = corpus(30, seed=3)
    few = [Example(ex.text, dict(ex.labels)) for ex in examples]
    for ex in few[MIN_TARGET - 1:]:
        del ex.labels["روسيا"]  # type: ignore[attr-defined]
    few[0].labels["أمريكا"] = "NEUTRAL"  # type: ignore[index]  # one NEUTRAL: fewer than MIN_LABEL
    model = train(few, "stance", TARGETS)
    assert model.targets == ("أمريكا",) and model.abstains == ("روسيا",)
    assert "NEUTRAL" not in model.labels and MIN_LABEL > 1
    assert [t for t, _label, _s in model.predict(examples[5].text)] == ["أمريكا"]


def test_two_labels_are_needed() -> None:
    with pytest.raises(ValueError, match="two labels"):
        train([Example("نص", {"أمريكا": "FAVOR"})] * 10, "stance", TARGETS)


def test_a_model_is_the_same_bytes_each_time_and_reads_back() -> None:
    examples = corpus(24, seed=4)
    first = train(examples, "stance", TARGETS)
    assert first.to_bytes() == train(examples, "stance", TARGETS).to_bytes()
    again = StanceModel.from_bytes(first.to_bytes())
    assert (again.task, again.targets, again.abstains, again.labels) == ("stance", TARGETS, (), first.labels)
    text = corpus(1, seed=5)[0].text
    assert [(t, label) for t, label, _s in again.predict(text)] == [(t, label) for t, label, _s in first.predict(text)]
    with pytest.raises(ValueError, match="not a stance model"):
        StanceModel.from_bytes(b"ANNOTATOR-CRF\n")
    stale = first.to_bytes().replace(b'"version": "stance-1', b'"version": "stance-0', 1)
    with pytest.raises(ValueError, match="version"):
        StanceModel.from_bytes(stale)


def test_held_out_documents_are_whole_story_groups_and_scored_per_label() -> None:
    examples = corpus(30, seed=6)
    groups = [k // 2 for k in range(30)]  # pairs of documents are one story each
    scored = evaluate(examples, "stance", TARGETS, groups=groups, share=0.2)
    test = set(scored.test_documents)
    assert len(test) == 6 and all((k in test) == (k ^ 1 in test) for k in range(30))
    assert scored.total == 12 and scored.accuracy == 1.0 and scored.macro_f1 == 1.0
    assert set(scored.per_label) == {"FAVOR", "AGAINST"}
    assert sum(n for _lo, _hi, n, _right in scored.calibration) == 12


def test_a_target_spelled_in_english_is_found_by_its_arabic_names() -> None:
    names = {"United States": ("أمريكا", "واشنطن"), "Russia": ("روسيا",)}
    english = {"أمريكا": "United States", "روسيا": "Russia"}
    text = "قالت الحكومة إنها تدعم لأمريكا.\nوأضافت أن الطقس جميل. ثم انتقدت روسيا بشدة"
    assert mention_context(text, "United States") == ""
    assert mention_context(text, "United States", names["United States"]) == "قالت الحكومة إنها تدعم لأمريكا"
    examples = [Example(ex.text, {english[t]: label for t, label in ex.labels.items()}) for ex in corpus(40, seed=1)]
    model = StanceModel.from_bytes(train(examples, "stance", tuple(english.values()), names=names).to_bytes())
    assert model.names == {"United States": ("أمريكا", "واشنطن"), "Russia": ("روسيا",)}
    right = total = 0
    for ex in corpus(20, seed=2, clitic="و"):
        found = {target: label for target, label, _s in model.predict(ex.text)}
        right += sum(found[english[t]] == label for t, label in ex.labels.items())
        total += len(ex.labels)
    assert right == total


def test_an_abbreviation_does_not_end_the_sentence_that_mentions_a_target() -> None:
    text = "Markets fell. The U.S. strongly condemns the new sanctions, Mr. Smith said. Other news."
    assert mention_context(text, "United States", ("U.S.",)) == " The U.S. strongly condemns the new sanctions, Mr. Smith said"
