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

SENTENCES = [
    "The minister said on Sunday that the talks with the union would resume next week in the capital.",
    "Officials told reporters that the agreement had been delayed because of a dispute over the budget.",
    "According to the statement, more than two hundred families were moved to shelters after the storm.",
    "She added that the government was ready to listen to the concerns of the farmers in the north.",
    "Critics of the plan say it will raise prices for the poorest households and do little for growth.",
    "The report, which was published on Monday, found that most of the money had not been spent.",
    "Police said they were looking for witnesses and asked anyone with information to come forward.",
    "In a speech to parliament, the prime minister promised to cut taxes for small businesses this year.",
    "The company, which employs about four thousand people, said it would close two of its factories.",
    "Residents of the town have complained for years about the noise from the airport and the traffic.",
]
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
    body = [" ".join(rng.sample(SENTENCES, 2)) for _ in range(3)]
    return "\n".join([chrome[0], f"Story number {k} of the day from our reporters in the region", *body[:2],
                      chrome[2], body[2], chrome[1], chrome[3]])


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
        for line in CHROME[site]:
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
    records = [{"id": f"one{k}", "text": f"{quote}\n{body} Story {k}.", "meta": {"url": f"https://one.example/{k}"}}
               for k in range(3)]
    records += [{"id": f"many{k}", "text": f"{quote}\n{body} Tale {k}.", "meta": {"url": f"https://s{k}.example/"}}
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
        assert set(mine) == set(CHROME[site]), ext
        assert all(f.source in ("learned", "marked", "recurring") for f in mine.values())
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
