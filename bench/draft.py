"""Drafting benchmark: a full six-area draft of the sample corpus with the embedded model.

    python bench/draft.py [--areas values funding ...] [--out draft.md]

Prints seconds per area and in all, tokens in/out, and the share of citations verified.
Goal (issue 4): a full six-area draft in under 8 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.drafts.export import export  # noqa: E402
from assistant.drafts.response import draft_response  # noqa: E402
from assistant.ingest.pipeline import Ingestor  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--areas", nargs="*")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("SENDRAFT_HOME", tempfile.mkdtemp(prefix="sendraft-bench-draft-"))
    settings = Settings()
    store = Store(settings)
    Ingestor(store).ingest([ROOT / "corpus" / "samples"])
    started = time.perf_counter()
    result = draft_response(store, args.areas, progress=lambda m: print(f"  {m}", flush=True))
    total = time.perf_counter() - started
    print(f"\nmodel: {result.areas[0].model}  cores: {os.cpu_count()}  (includes model load on first area)")
    print(f"{'area':16} {'seconds':>8} {'tokens in':>10} {'tokens out':>11} {'bullets':>8} {'verified':>9} {'need evidence':>14}")
    cites_all = verified_all = 0
    for area in result.areas:
        bullets = [b for bs in area.sections().values() for b in bs]
        cites = [c for b in bullets for c in b.citations]
        verified = sum(c.supported for c in cites)
        cites_all += len(cites)
        verified_all += verified
        print(f"{area.area_id:16} {area.seconds:8.1f} {area.input_tokens:10} {area.output_tokens:11} {len(bullets):8} "
              f"{verified:4}/{len(cites):<4} {sum(b.needs_evidence for b in bullets):14}")
    print(f"{'all':16} {total:8.1f} {sum(a.input_tokens for a in result.areas):10} {sum(a.output_tokens for a in result.areas):11}"
          f"          {verified_all}/{cites_all} = {verified_all / max(cites_all, 1):.0%} of citations verified")
    print(f"full draft under 8 minutes: {'yes' if total < 480 else 'NO'} ({total / 60:.1f} min)")
    if args.out:
        print(f"wrote {export(result, args.out)}")


if __name__ == "__main__":
    main()
