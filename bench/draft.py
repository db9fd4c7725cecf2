"""Drafting benchmark: a full six-area draft of the sample corpus with the embedded model.

    python bench/draft.py [--areas values funding ...] [--out draft.md]

Prints seconds per area and in all, tokens in/out, the share of citations verified, and the
figures of `sendraft eval draft`: bullets that copy a source, citations of passages mainly
about another area, empty sections.
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
from assistant.drafts.repository import save_draft  # noqa: E402
from assistant.drafts.response import draft_response  # noqa: E402
from assistant.evals.drafts import evaluate_draft  # noqa: E402
from assistant.generation.recommendations import restated_past  # noqa: E402
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
    total_s = time.perf_counter() - started
    print(f"\nmodel: {result.areas[0].model}  cores: {os.cpu_count()}  (includes model load on first area)")
    figures = evaluate_draft(store, result)
    quality, total = {a["area_id"]: a for a in figures["areas"]}, figures["total"]
    print(f"{'area':16} {'seconds':>8} {'tokens in':>10} {'tokens out':>11} {'bullets':>8} {'verified':>9} "
          f"{'need evidence':>14} {'copied':>7} {'off-area':>9}  empty sections")
    for area in result.areas:
        q = quality[area.area_id]
        print(f"{area.area_id:16} {area.seconds:8.1f} {area.input_tokens:10} {area.output_tokens:11} {q['bullets']:8} "
              f"{q['supported']:4}/{q['citations']:<4} {q['needs_evidence']:14} {q['copied']:7} {q['off_area_citations']:9}  "
              f"{', '.join(q['empty_sections']) or '-'}")
    print(f"{'all':16} {total_s:8.1f} {sum(a.input_tokens for a in result.areas):10} {sum(a.output_tokens for a in result.areas):11} "
          f"{total['bullets']:8} {total['supported']:4}/{total['citations']:<4} {total['needs_evidence']:14} {total['copied']:7} "
          f"{total['off_area_citations']:9}")
    print(f"{total['supported_share']:.0%} of citations verified; {total['copied_share']:.0%} of bullets copy a source")
    moves = [d for a in result.areas for d in a.dropped if d.startswith("moved from")]
    print(f"points moved between Positives and Issues by their stance: {len(moves)}")
    for move in moves:
        print(f"  {move}")
    past = [p.text for p in store.catalog.positions() if p.section == "ways_forward"]
    ways = [w for a in result.areas for w in a.ways_forward]
    unmarked = [w.text for w in ways if w.past is None and restated_past(w.text, past) is not None]
    print(f"Ways forward marked as restating the forum's past recommendation: {sum(w.past is not None for w in ways)} "
          f"of {len(ways)}; copies of one not marked: {len(unmarked)}")
    print(f"full draft under 8 minutes: {'yes' if total_s < 480 else 'NO'} ({total_s / 60:.1f} min)")
    print(f"saved {save_draft(settings.home, result)} (inspect with `sendraft eval draft FILE`)")
    if args.out:
        print(f"wrote {export(result, args.out)}")


if __name__ == "__main__":
    main()
