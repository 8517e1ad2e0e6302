"""Boilerplate by site, and the line classifier a project learns from its annotators' marks."""

from __future__ import annotations

import json
import random

import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError
from annotator.core.records import parse_record
from annotator.formats.boilerplate_learning import MIN_DOCUMENTS, train_lines
from annotator.formats.suggest import find_boilerplate
from annotator.store.project import Project

STOPWORDS = "the of and to in that was for on with as by it from at his her they would have been".split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(3, 5)))


def sentence(rng: random.Random) -> str:
    """An English-looking sentence: stopwords between made-up words (no two pages share a story)."""
    words = [rng.choice(STOPWORDS) if k % 2 else word(rng) for k in range(rng.randint(14, 24))]
    return " ".join(words).capitalize() + "."


# each site's chrome: short, long, with and without sentence punctuation; some of it the rules cannot see
CHROME = {
    "planet.example": ["Home | World | Business | Sport | Culture", "Daily Planet newsletter: the best of our "
                       "journalism in your inbox every morning, free of charge for all readers",
                       "Share this story", "Most popular on the Daily Planet this week"],
    "www.courier.example": ["Courier Online", "Sign in to comment on this article and join the discussion "
                            "with other readers of the Courier", "Related stories", "© Courier Media Group"],
}


def page(rng: random.Random, site: str, k: int) -> str:
    chrome = CHROME[site]
    body = [" ".join(sentence(rng) for _ in range(3)) for _ in range(3)]
    return "\n".join([chrome[0], f"Story number {k} of the day from our reporters in the region", *body[:2],
                      chrome[2], caption(rng), body[2], chrome[1], chrome[3], f"{rng.randint(2, 300)} comments"])


def caption(rng: random.Random) -> str:
    """A photo credit: a different line on every page, so only what the classifier learned can find it."""
    return f"Photo: {word(rng).title()} {word(rng).title()} / {rng.choice(['Reuters', 'AFP', 'AP', 'Getty Images'])}"


def chrome_of(text: str, site: str) -> set[str]:
    return {line for line in text.split("\n") if line in CHROME[site] or line.startswith("Photo: ")
            or line.endswith(" comments")}


def build(project: Project, count: int = 16) -> list[str]:
    rng = random.Random(3)
    ids = []
    records = []
    for k in range(count):
        site = list(CHROME)[k % 2]
        ids.append(f"{site.split('.')[-2]}-{k}")
        records.append(parse_record({"id": ids[-1], "text": page(rng, site, k),
                                     "meta": {"url": f"https://{site}/news/{k}", "lang": "en"}}, project.schema))
    project.add_records(records)
    return ids


def mark(project: Project, ids: list[str], who: str = "mona") -> None:
    me = project.annotator(who)
    for ext in ids:
        doc = project.find_document(ext)
        assert doc is not None
        site = "planet.example" if ext.startswith("planet") else "www.courier.example"
        for line in chrome_of(doc.text, site):
            start = doc.text.index(line)
            project.add_span(doc.id, me.id, "boilerplate", "BOILERPLATE", start, start + len(line))
        project.set_status(doc.id, me.id, "done")


def test_sites_come_from_the_url_host(project: Project) -> None:
    project.add_records([parse_record({"id": i, "text": "x", "meta": meta}, project.schema) for i, meta in (
        ("a", {"url": "https://www.Example.com/a?b=1"}), ("b", {"url": "news.example.org/x"}),
        ("c", {}), ("d", {"url": "not a url at all"}), ("e", {"url": 12}))])
    docs = {project.find_document(i).id: i for i in "abcde"}  # type: ignore[union-attr]
    sites = {docs[d]: host for d, host in project.document_sites(list(docs)).items()}
    assert sites == {"a": "example.com", "b": "news.example.org"}


def test_a_line_recurs_within_its_site_not_across_sites(project: Project) -> None:
    quote = "Follow the latest updates from the summit on our live page today"
    body = "The minister said on Sunday that the talks would resume next week, according to officials."
    records = [{"id": f"one{k}", "text": f"{body} Story {k}.\n{quote}", "meta": {"url": f"https://one.example/{k}"}}
               for k in range(3)]
    records += [{"id": f"many{k}", "text": f"{body} Tale {k}.\n{quote}", "meta": {"url": f"https://s{k}.example/"}}
                for k in range(3)]
    project.add_records([parse_record(r, project.schema) for r in records])
    found = {(f.external_id, f.text): f for f in find_boilerplate(project)}
    assert all(found[(f"one{k}", quote)].source == "recurring" for k in range(3))
    assert found[("one0", quote)].reason == "the same line is in 3 documents of one.example"
    assert not any(f.source == "recurring" for (ext, _), f in found.items() if ext.startswith("many"))


def test_the_learned_classifier_takes_over_from_the_rules(project: Project) -> None:
    ids = build(project)
    with pytest.raises(AnnotatorError, match=f"at least {MIN_DOCUMENTS}"):
        train_lines(project, "lena")
    mark(project, ids[:10])
    trained = train_lines(project, "lena")
    report = trained.info.report
    assert trained.info.kind == "lines" and trained.info.documents == 10 and report["held_out"] >= 2
    assert report["overall"]["f1"] >= 0.9 and report["sites"] == 2
    me = project.annotator("mona")
    found = find_boilerplate(project, me.id)
    for ext in ids[10:]:  # documents nobody marked: every chrome line, no article line
        doc = project.find_document(ext)
        assert doc is not None
        site = "planet.example" if ext.startswith("planet") else "www.courier.example"
        mine = {f.text: f for f in found if f.external_id == ext}
        assert set(mine) == chrome_of(doc.text, site), ext
        assert all(f.source in ("learned", "marked", "recurring") for f in mine.values())
        assert {f.source for text, f in mine.items() if text.startswith("Photo: ") or text.endswith(" comments")} == {"learned"}
    learned = [f for f in found if f.source == "learned"]
    assert learned and all(f.reason.startswith("learned 0.") for f in learned)


def test_the_classifier_trains_from_the_command_line(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    ids = build(project)
    mark(project, ids[:10])
    db = str(project.url.database)
    assert main(["model", "train", "--layer", "boilerplate", "--json", "--db", db]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "lines" and out["overall"]["f1"] >= 0.9
    assert main(["model", "status", "--layer", "boilerplate", "--db", db]) == 0
    assert "boilerplate lines" in capsys.readouterr().out


def test_a_leads_boilerplate_search_trains_the_classifier_when_marked_documents_call_for_it(project: Project) -> None:
    from annotator.app import suggest_jobs
    from annotator.app.jobs import Progress

    ids = build(project)
    mark(project, ids[:10])
    me = project.annotator("mona").id
    said = suggest_jobs.boilerplate(me, project, Progress())  # an annotator's search: nothing trained
    assert not project.models("boilerplate") and "classifier learned" not in said
    said = suggest_jobs.boilerplate(me, project, Progress(), trainer="lena")
    assert "the boilerplate classifier learned from 10 marked documents" in said
    assert [m.kind for m in project.models("boilerplate")] == ["lines"]
    suggest_jobs.boilerplate(me, project, Progress(), trainer="lena")  # nothing newly marked: not again
    assert len(project.models("boilerplate")) == 1
    assert any(s.source == "learned" for d in ids[10:] for s in project.suggestions(project.find_document(d).id, me))  # type: ignore[union-attr]


def test_the_classifier_never_suggests_in_the_documents_it_learned_from(project: Project) -> None:
    ids = build(project)
    mark(project, ids[:10], who="sara")
    train_lines(project, "lena")
    omar = project.annotator("omar").id
    learned = {f.external_id for f in find_boilerplate(project, omar) if f.source == "learned"}
    assert learned and not learned & set(ids[:10])  # sara's finished marks are not handed to omar


def test_a_lead_whose_classifier_cannot_be_trained_still_gets_the_search(project: Project) -> None:
    from annotator.app import suggest_jobs
    from annotator.app.jobs import Progress

    ids = build(project, count=6)
    me = project.annotator("mona")
    for ext in ids:  # marked, done, but only chrome: no article line to tell it from
        doc = project.find_document(ext)
        assert doc is not None
        project.add_span(doc.id, me.id, "boilerplate", "BOILERPLATE", 0, len(doc.text))
        project.set_status(doc.id, me.id, "done")
    said = suggest_jobs.boilerplate(me.id, project, Progress(), trainer="lena")
    assert "the boilerplate classifier was not trained: " in said and "new boilerplate suggestions" in said
    assert not project.models("boilerplate")
