"""Hostile files benchmark: what each one costs to refuse (issue 11: < 10 s, < 1 GB extra).

    python bench/hostile.py [--hash]

Each file of tests/hostile.py goes through the workspace's upload path (`ingest_uploads`:
staging, checks, the ingest pipeline) and then `sendraft ingest`'s pipeline, in a fresh
process with the embedded embedding model (or --hash), so the peak memory measured is that
file's alone. Prints one row per file: outcome, seconds, peak resident memory above the
process's baseline after imports, and the message the user sees.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from assistant.offline import enforce_offline
enforce_offline()
from assistant.ingest.pipeline import Ingestor
from assistant.ingest.uploads import ingest_uploads
from assistant.settings import Settings
from assistant.store import Store
path = Path(sys.argv[1])
store = Store(Settings())
store.embeddings.embed_documents(["warm up"])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
outcome = ingest_uploads(store, [(path.name, path.read_bytes())], {"kind": "policy"})[0]
upload_s = time.perf_counter() - start
start = time.perf_counter()
result = Ingestor(store).ingest([path], {"kind": "policy"}).results[0]
ingest_s = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"upload_ok": outcome.ok, "upload": outcome.message, "upload_s": upload_s, "ingest_s": ingest_s,
                  "status": result.status, "reason": result.reason, "extra_mb": (peak - base) / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hash", action="store_true", help="model-free embeddings (bookkeeping only)")
    args = parser.parse_args()
    from tests.hostile import make_hostile_files

    with tempfile.TemporaryDirectory() as tmp:
        files = make_hostile_files(Path(tmp) / "files")
        print(f"{'file':<20} {'outcome':<9} {'upload s':>8} {'ingest s':>8} {'extra MB':>8}  message")
        worst_s = worst_mb = 0.0
        for name, case in files.items():
            env = {**os.environ, "SENDRAFT_HOME": str(Path(tmp) / f"home-{name}"), "PYTHONPATH": str(ROOT)}
            if args.hash:
                env["SENDRAFT_EMBEDDING_MODEL"] = "hash"
            run = subprocess.run([sys.executable, "-c", _CHILD, str(case.path)], capture_output=True, text=True, env=env)
            if run.returncode:
                print(f"{name:<20} CRASHED  {run.stderr.strip().splitlines()[-1:]}")
                continue
            row = json.loads(run.stdout.strip().splitlines()[-1])
            outcome = "ingested" if row["upload_ok"] else "refused"
            worst_s = max(worst_s, row["upload_s"], row["ingest_s"])
            worst_mb = max(worst_mb, row["extra_mb"])
            message = row["upload"] if row["upload_ok"] else row["reason"] or row["upload"]
            print(f"{name:<20} {outcome:<9} {row['upload_s']:>8.2f} {row['ingest_s']:>8.2f} {row['extra_mb']:>8.0f}  {message}")
        print(f"\nworst: {worst_s:.2f} s, {worst_mb:.0f} MB above baseline (goals: < 10 s, < 1024 MB)")


if __name__ == "__main__":
    main()
