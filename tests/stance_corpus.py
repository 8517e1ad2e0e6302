"""A project whose stance labels a model can learn: short news-like documents (English and Arabic) that
speak for or against the United States and Russia of the default schema; sara labelled and finished
most of them, the rest are left for the model to suggest in. South Korea is labelled in too few
documents to learn: the model abstains there."""

from __future__ import annotations

import random

from annotator.core.records import parse_record
from annotator.store.learned import ModelSettings
from annotator.store.project import Project

DONE = 30
UNSEEN = "stance-u0"  # nobody labelled it: the model suggests there (FAVOR the United States, AGAINST Russia)
UNSEEN_TEXT = ("The foreign ministry welcomes the United States in a statement on Monday. "
               "It condemns Russia over the talks.\nوقال المتحدث إن الاجتماع انتهى.")
PRO = ("supports", "praises", "welcomes")
ANTI = ("condemns", "rejects", "attacks")
NAMES = {"United States": ("the United States", "Washington's ally the United States"), "Russia": ("Russia", "RUSSIA")}
def filler(rng: random.Random) -> str:
    """A sentence of made-up words: stories different enough never to be taken for one (``StoryGroups``)."""
    words = ["".join(rng.choice("abdeghiklmnoprstuvz") for _ in range(rng.randint(3, 8))) for _ in range(15)]
    return " ".join(words).capitalize() + "."


def stance_text(rng: random.Random, stances: dict[str, str]) -> str:
    sentences = [f"The government {rng.choice(PRO if s == 'FAVOR' else ANTI)} {rng.choice(NAMES[t])} in a new step."
                 for t, s in stances.items()]
    sentences += [filler(rng), filler(rng), filler(rng), "وقال المتحدث إن الاجتماع انتهى."]
    rng.shuffle(sentences)
    return " ".join(sentences)


def stance_project(project: Project, *, seed: int = 0) -> dict[str, dict[str, str]]:
    """sara finished ``DONE`` labelled documents (3 with South Korea too); ``UNSEEN`` and five more are
    left. Returns each finished document's labels by external id."""
    rng = random.Random(seed)
    labels: dict[str, dict[str, str]] = {}
    records = []
    for k in range(DONE):
        stances = {t: rng.choice(["FAVOR", "AGAINST"]) for t in NAMES}
        labels[f"stance-{k}"] = dict(stances)
        if k < 3:
            labels[f"stance-{k}"]["South Korea"] = "NEUTRAL"
        records.append({"id": f"stance-{k}", "text": stance_text(rng, stances)})
    records.append({"id": UNSEEN, "text": UNSEEN_TEXT})
    for k in range(1, 6):
        records.append({"id": f"stance-u{k}", "text": stance_text(rng, {t: rng.choice(["FAVOR", "AGAINST"])
                                                                      for t in NAMES})})
    project.add_records([parse_record(r, project.schema) for r in records])
    sara = project.annotator("sara").id
    project.annotator("omar")
    for ext, by_target in labels.items():
        doc = project.find_document(ext)
        assert doc is not None
        for target, label in by_target.items():
            project.set_doc_label(doc.id, sara, "stance", target, label)
        project.set_status(doc.id, sara, "done")
    project.set_model_settings(ModelSettings(min_score=0.5, min_f1=0.3, retrain_every=0))
    return labels
