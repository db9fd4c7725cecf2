"""Q&A speed: seconds a question, warm (the workspace's process: store and model loaded once)
and cold (a CLI call: a new process that loads everything).

    python bench/ask.py [--questions 10] [--cold 3]

Ingests the sample corpus into a scratch home, then asks the first N questions of
evals/datasets/qa.jsonl in one process (warm; the model is loaded before the clock starts),
and runs `sendraft ask` as a subprocess for the first few (cold). Prints the median and p95.
Targets (issue 21, 2 cores): warm median <= 6 s, CLI median <= 12 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.generation.llm import chat_backend  # noqa: E402
from assistant.generation.qa import ask  # noqa: E402
from assistant.ingest.pipeline import Ingestor  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import Store  # noqa: E402


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--cold", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SENDRAFT_HOME", tempfile.mkdtemp(prefix="sendraft-bench-ask-"))
    settings = Settings()
    store = Store(settings)
    Ingestor(store).ingest([ROOT / "corpus" / "samples"])
    questions = [json.loads(line)["question"] for line in (ROOT / "evals/datasets/qa.jsonl").read_text().splitlines() if line.strip()]
    backend = chat_backend(settings)
    ask(store, questions[0], backend=backend)  # loads the embedding and chat models, as a draft would have
    warm = []
    for q in questions[:args.questions]:
        started = time.perf_counter()
        answer = ask(store, q, backend=backend)
        warm.append(time.perf_counter() - started)
        print(f"  warm {warm[-1]:5.1f} s  {'abstained' if answer.abstained else 'answered '}  {q[:70]}", flush=True)
    cold = []
    for q in questions[:args.cold]:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assistant.cli", "ask", q], check=True, capture_output=True, env=os.environ.copy())
        cold.append(time.perf_counter() - started)
        print(f"  cold {cold[-1]:5.1f} s  {q[:70]}", flush=True)
    print(f"\nmodel: {backend.model_id}  cores: {os.cpu_count()}")
    print(f"warm (workspace, model loaded): median {statistics.median(warm):.1f} s, p95 {p95(warm):.1f} s over {len(warm)}")
    if cold:
        print(f"cold (CLI call): median {statistics.median(cold):.1f} s, p95 {p95(cold):.1f} s over {len(cold)}")


if __name__ == "__main__":
    main()
