"""Benchmark the entity recommender on real Arabic news: ANERcorp (CC BY-SA 4.0), a subset.

Learning curve: span F1 on the same held-out documents after training on 25, 50, 100 and 200
documents, for the full model (``annotator.core.ner_features.FULL``: clusters, gazetteer, context,
clitics…) beside a plain baseline (the same CRF on word and affix features only). Also per-label
scores at the largest size, the F1 on entities that start after a proclitic, the time to learn the
word clusters, to train, and to predict one document.

Documents are pseudo-documents of consecutive ANERcorp sentences (``benchmarks/anercorp.py``).
The held-out share is kept apart by story group: near-duplicate passages (the splits' character
5-gram rule, ``annotator.formats.splits``) joined with runs of ``--block`` consecutive
pseudo-documents (about one article), so no article is split between training and testing.
The names the model knows are the training documents' spans (as in a project); word clusters are
learned from all the documents' texts, held-out ones included (unlabelled text, as in a project).

    .venv/bin/python benchmarks/bench_model.py [--min-tokens 50] [--block 4] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from anercorp import documents  # noqa: E402

from annotator.core.ner_features import FULL, PLAIN, Names  # noqa: E402
from annotator.core.recommender import Labelled, predict, train  # noqa: E402
from annotator.core.recommender_eval import Evaluation, Scores, evaluate_split, held_out  # noqa: E402
from annotator.core.word_clusters import WordClusters, learn_clusters  # noqa: E402
from annotator.formats.splits import THRESHOLD, shingles  # noqa: E402


def story_groups(docs: list[Labelled], block: int) -> list[int]:
    """One group id per document: near-duplicates and runs of ``block`` neighbours, joined. Near-duplicates
    are the splits' rule (character 5-gram Jaccard similarity of at least 0.15), computed exactly:
    ``StoryGroups``' LSH candidates, joined transitively without checking their similarity, put 236 of
    these 278 short texts into one group (unrelated pairs here have a median similarity of 0.014)."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    sets = [shingles(doc.text) for doc in docs]
    for a in range(len(docs)):
        for b in range(a + 1, len(docs)):
            if len(sets[a] & sets[b]) >= THRESHOLD * len(sets[a] | sets[b]):
                union(a, b)
    for i in range(len(docs)):
        union(i, i - i % block)
    return [find(i) for i in range(len(docs))]


def joined(docs: list[Labelled], count: int, per: int) -> list[Labelled]:
    """``count`` longer documents, each ``per`` pseudo-documents in a row (cycling through them): for timing."""
    out = []
    for k in range(count):
        text, spans = "", []
        for j in range(per):
            doc = docs[(k * per + j) % len(docs)]
            base = len(text) + (1 if text else 0)
            text = text + "\n" + doc.text if text else doc.text
            spans += [(s + base, e + base, label) for s, e, label in doc.spans]
        out.append(Labelled(text, spans))
    return out


def synthetic_texts(megabytes: float, seed: int = 0) -> list[str]:
    """Zipf-distributed random Arabic-letter words (40,000 distinct), 400 to a text: clustering speed only."""
    rng = np.random.default_rng(seed)
    letters = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
    vocab = ["".join(rng.choice(letters, size=int(rng.integers(3, 8)))) for _ in range(40000)]
    words = [vocab[r] for r in np.minimum(rng.zipf(1.15, size=int(megabytes * 170_000)), 40000) - 1]
    return [" ".join(words[i:i + 400]) for i in range(0, len(words), 400)]


def timings(docs: list[Labelled], clusters: WordClusters) -> None:
    """Training on 200 documents of news length, predicting one, and clustering 2 MB of text."""
    long_docs = joined(docs, 200, 6)
    n_tokens = sum(len(d.text.split()) for d in long_docs)
    t0 = time.perf_counter()
    model = train(long_docs, clusters=clusters)
    train_s = time.perf_counter() - t0
    names = Names()
    for doc in long_docs:
        for s, e, label in doc.spans:
            names.add(doc.text[s:e], label)
    times = []
    for doc in long_docs[:20]:
        t0 = time.perf_counter()
        predict(model, doc.text, names)
        times.append(time.perf_counter() - t0)
    print(f"\ntiming, 200 documents of {n_tokens // 200} tokens ({n_tokens:,} tokens; 6 pseudo-documents each, "
          f"cycling): train {train_s:.1f} s (target 30 s); predict one: median {1000 * statistics.median(times):.1f} ms, "
          f"max {1000 * max(times):.1f} ms (target 50 ms)")
    texts = synthetic_texts(2.0)
    t0 = time.perf_counter()
    big = learn_clusters(texts)
    print(f"word clusters of {sum(len(t) for t in texts) / 1e6:.1f} MB of text ({len(big.table):,}-word vocabulary): "
          f"{time.perf_counter() - t0:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-tokens", type=int, default=50, help="tokens in a pseudo-document, at least (default 50)")
    parser.add_argument("--block", type=int, default=4, help="consecutive pseudo-documents kept together (default 4)")
    parser.add_argument("--sizes", default="25,50,100,200")
    parser.add_argument("--share", type=float, default=0.2)
    parser.add_argument("--seeds", default="0,1,2,3,4", help="one held-out split (and training order) per seed")
    args = parser.parse_args(argv)
    docs = documents(args.min_tokens)
    tokens = [len(d.text.split()) for d in docs]
    print(f"ANERcorp subset: {len(docs)} pseudo-documents, {sum(tokens):,} tokens (median {statistics.median(tokens):.0f} a "
          f"document), {sum(len(d.spans) for d in docs):,} entities")
    groups = story_groups(docs, args.block)
    t0 = time.perf_counter()
    clusters = learn_clusters([d.text for d in docs])
    print(f"word clusters: {len(clusters.table):,} words, partitions {clusters.sizes}, "
          f"learned in {time.perf_counter() - t0:.2f} s")
    seeds = [int(x) for x in args.seeds.split(",")]
    sizes = [int(x) for x in args.sizes.split(",")]
    runs: dict[tuple[str, int], list[Evaluation]] = {}
    for seed in seeds:
        train_idx, test_idx = held_out(len(docs), groups, args.share, seed)
        random.Random(seed).shuffle(train_idx)
        print(f"split {seed}: {len(test_idx)} held-out documents ({sum(tokens[i] for i in test_idx):,} tokens, "
              f"{sum(len(docs[i].spans) for i in test_idx)} entities, {len({groups[i] for i in test_idx})} story groups)")
        for size in sizes:
            if size > len(train_idx):
                continue
            for name, feature_groups in (("full", FULL), ("baseline", PLAIN)):
                result = evaluate_split(docs, train_idx[:size], test_idx, feature_groups=feature_groups,
                                        clusters=clusters if name == "full" else None, seed=seed)
                runs.setdefault((name, size), []).append(result)
    print(f"\nlearning curve: exact-span F1 on held-out documents, mean over {len(seeds)} splits (lowest-highest); "
          "P and R pooled")
    for (name, size), results in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0] != "full")):
        f1 = [r.overall.f1 for r in results]
        pooled = sum((r.overall for r in results), Scores())
        clitic = sum((r.after_proclitic for r in results), Scores())
        n_tokens = statistics.mean(sum(tokens[i] for i in r.train_documents) for r in results)
        print(f"  {name:<8} {size:>4} docs ({n_tokens:>6,.0f} tokens)  F1 {statistics.mean(f1):.3f} "
              f"({min(f1):.3f}-{max(f1):.3f})  P {pooled.precision:.3f} R {pooled.recall:.3f}   after a proclitic: "
              f"F1 {clitic.f1:.3f} ({clitic.tp}/{clitic.tp + clitic.fn})   train {statistics.mean(r.train_seconds for r in results):.2f} s")
    largest = max(size for _, size in runs)
    for name in ("full", "baseline"):
        results = runs[(name, largest)]
        print(f"\n{name} after {largest} documents, per label (pooled over the splits):")
        for label in sorted({lb for r in results for lb in r.per_label}):
            sc = sum((r.per_label.get(label, Scores()) for r in results), Scores())
            print(f"  {label:<5} P {sc.precision:.3f}  R {sc.recall:.3f}  F1 {sc.f1:.3f}  (gold {sc.tp + sc.fn})")
    last = runs[("full", largest)][0]
    assert last.model is not None
    print(f"\npredict one held-out document ({statistics.median(tokens):.0f} tokens): "
          f"{1000 * statistics.mean(r.predict_seconds for r in runs[('full', largest)]):.1f} ms on average; "
          f"model size {len(last.model.to_bytes()):,} bytes")
    timings(docs, clusters)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
