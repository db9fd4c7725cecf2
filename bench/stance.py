"""How well the chat model reads a point's stance, on the forum's own past Positives and Issues.

    python bench/stance.py

Every Positive of the sample response should read as a welcome and every Issue as a concern;
prints the confusion table, the share read the wrong way round (what would move a point to the
wrong section), and seconds a point.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.generation.llm import chat_backend  # noqa: E402
from assistant.generation.stance import SECTION_OF, StanceReader  # noqa: E402
from assistant.generation.structured import CallStats  # noqa: E402
from assistant.ingest.pipeline import Ingestor  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import Store  # noqa: E402


def main() -> None:
    os.environ.setdefault("SENDRAFT_HOME", tempfile.mkdtemp(prefix="sendraft-bench-stance-"))
    settings = Settings()
    store = Store(settings)
    Ingestor(store).ingest([ROOT / "corpus" / "samples"])
    reader = StanceReader(chat_backend(settings))
    stats = CallStats()
    expected = {section: stance for stance, section in SECTION_OF.items()}
    table: Counter = Counter()
    points = [p for p in store.catalog.positions() if p.section in expected]
    for p in points:
        table[(p.section, reader.read(p.text, stats))] += 1
    print(f"model: {reader.backend.model_id}  prompt: {reader.version}  points: {len(points)}")
    print(f"{'section':10} " + " ".join(f"{s:>8}" for s in ("welcome", "concern", "neutral", "none")))
    for section in expected:
        print(f"{section:10} " + " ".join(f"{table[(section, s)]:8}" for s in ("welcome", "concern", "neutral", None)))
    right = sum(table[(section, stance)] for section, stance in expected.items())
    wrong = sum(table[(section, stance)] for section in expected for stance in SECTION_OF if stance != expected[section])
    print(f"read as the section's own stance: {right}/{len(points)}; the wrong way round (would move): {wrong}/{len(points)}")
    print(f"{stats.seconds / max(len(points), 1):.2f} s a point")


if __name__ == "__main__":
    main()
