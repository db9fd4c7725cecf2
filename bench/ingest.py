"""Ingestion benchmark: prints pages/s, passages/s, raw embedding passages/s and their ratio.

    python bench/ingest.py [--pages 100]

Goals (issue 2): ingestion at >= 80% of raw embedding throughput; a 100-page text PDF in
under 60 s on 2 cores; an unchanged re-ingest computes 0 embeddings.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.embeddings import make_embeddings  # noqa: E402
from assistant.ingest.chunking import chunk_blocks  # noqa: E402
from assistant.ingest.loaders import load_file  # noqa: E402
from assistant.ingest.pipeline import Ingestor, embedding_input  # noqa: E402
from assistant.models import Block  # noqa: E402
from assistant.samples import write_pdf  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import Store  # noqa: E402

SAMPLES = ROOT / "corpus" / "samples"


def corpus_sentences() -> list[str]:
    text = " ".join(b.text for p in SAMPLES.glob("*.md") for b in load_file(p).blocks if b.kind != "heading")
    text = re.sub(r"\b\d+\.\d+\s", "", text)
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if 40 < len(s) < 400 and "http" not in s]


def make_pdf(path: Path, pages: int, seed: int = 7) -> Path:
    """A text PDF of `pages` pages, each a numbered section of paragraphs in the corpus' vocabulary."""
    rng = random.Random(seed)
    sentences = corpus_sentences()
    blocks = []
    for page in range(1, pages + 1):
        blocks.append(Block(text=f"{page}. Section {page}: policy analysis", kind="heading", level=2))
        for n in range(1, 5):
            body = " ".join(rng.sample(sentences, 3))
            blocks.append(Block(text=f"{page}.{n} {body}"[:620], paragraph=f"{page}.{n}"))
    return write_pdf(blocks, path, title=f"Generated {pages}-page policy document")


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sendraft-bench-"))
    os.environ["SENDRAFT_HOME"] = str(work / "home")
    settings = Settings()
    print(f"cores: {os.cpu_count()}  home: {settings.home}")

    model, load_s = timed(lambda: make_embeddings(settings.embedding_model, settings.embedding_batch_size))
    model.embed_query("warm up")
    print(f"embedding model load: {load_s:.1f} s ({settings.embedding_model})")
    store = Store(settings, embeddings=model)

    report, corpus_s = timed(lambda: Ingestor(store).ingest([SAMPLES]))
    passages = sum(r.passages for r in report.results if r.status == "added")
    pages = sum((store.catalog.get(r.document_id).n_pages or 0) for r in report.results if r.status == "added")
    print(f"sample corpus: {len(report.results)} files, {passages} passages, {pages} PDF pages in {corpus_s:.1f} s "
          f"-> {passages / corpus_s:.1f} passages/s")

    pdf = make_pdf(work / "generated.pdf", args.pages)
    result, pdf_s = timed(lambda: Ingestor(store).ingest([pdf], {"kind": "policy"}).results[0])
    assert result.status == "added", result
    n_pages = store.catalog.get(result.document_id).n_pages
    print(f"{n_pages}-page PDF: {result.passages} passages in {pdf_s:.1f} s "
          f"-> {n_pages / pdf_s:.2f} pages/s, {result.passages / pdf_s:.1f} passages/s")

    loaded, load_pdf_s = timed(lambda: load_file(pdf))
    _, passages_pdf = chunk_blocks("bench", loaded.blocks, settings.chunk_size, settings.chunk_overlap)
    inputs = [embedding_input(p) for p in passages_pdf]
    _, raw_s = timed(lambda: model.embed_documents(inputs))
    raw_rate = len(inputs) / raw_s
    ingest_rate = result.passages / pdf_s
    print(f"  of which PDF parsing: {load_pdf_s:.2f} s")
    print(f"raw embedding, same model, same {len(inputs)} texts: {raw_s:.1f} s -> {raw_rate:.1f} passages/s")
    print(f"ingest / raw embedding throughput: {ingest_rate / raw_rate:.0%} (goal >= 80%)")
    print(f"100-page PDF under 60 s: {'yes' if pdf_s < 60 else 'NO'} ({pdf_s:.1f} s)")

    again, again_s = timed(lambda: Ingestor(store).ingest([SAMPLES, pdf], {"kind": None}))
    print(f"unchanged re-ingest: {again.embedded} embeddings computed in {again_s:.2f} s (goal 0)")


if __name__ == "__main__":
    main()
