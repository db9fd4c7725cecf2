"""Load test of the app (issue 11): concurrent simulated editors for a fixed time, loopback only.

    python bench/load.py [--users 10] [--seconds 120] [--hash]

Each user is a process running the real app script through Streamlit's AppTest (the same
pages, widgets and session state a browser session gets) against one shared home: the sample
corpus, a six-area response drafted by the fake chat model, one drafts store. Users loop,
in turn: read the workspace (an area's page), add a point (the "Add a point" form), accept a
point, and ask a question (the fake chat model; real embeddings unless --hash), after one
untimed warm-up each (a server loads the embedding model once). Prints p50/p95
latency per action, the errors (goal: 0), and checks that every point a user was told was
added is in the response afterwards. Bounded: --users and --seconds; nothing leaves loopback.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
AREAS = ["values", "curriculum", "funding", "support", "workforce", "accountability"]
QUESTIONS = ["How much is the Experts at Hand programme worth?", "When must every school produce an inclusion strategy?",
             "What happens to EHCPs for pupils in mainstream schools?"]


def _user(n: int, rid: str, seconds: float, results: mp.Queue) -> None:
    from streamlit.testing.v1 import AppTest

    timings: dict[str, list[float]] = {"read": [], "add": [], "accept": [], "ask": []}
    errors: list[str] = []
    added: list[str] = []
    at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=300)
    at.session_state["author"] = f"user{n}"
    at.query_params["response"] = rid
    at.run()
    step = 0

    def timed(action: str, fn) -> None:
        started = time.perf_counter()
        try:
            fn()
            if at.exception:
                errors.append(f"{action}: {at.exception[0].message}")
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            errors.append(f"{action}: {type(exc).__name__}: {exc}")
        timings[action].append(time.perf_counter() - started)

    def read() -> None:
        at.switch_page("views/workspace.py").run()
        at.button_group[0].set_value(AREAS[step % len(AREAS)]).run()

    def add() -> None:
        text = f"Load-test point {step} from user {n}"
        at.switch_page("views/workspace.py").run()
        at.button_group[0].set_value("funding").run()
        at.text_area(key="addtext-funding-issues").input(text)
        next(b for b in at.button if b.label == "Add to Issues").click().run()
        if any("Added (version" in s.value for s in at.success) or any(text in m.value.replace("\\", "") for m in at.markdown):
            added.append(text)
        else:
            errors.append(f"add: no confirmation for {text!r}")

    def accept() -> None:
        at.switch_page("views/workspace.py").run()
        at.button_group[0].set_value("funding").run()
        buttons = [b for b in at.button if b.label == "Accept"]
        if buttons:
            buttons[step % len(buttons)].click().run()

    def ask() -> None:
        at.switch_page("views/ask.py").run()
        at.text_input(key="question").input(QUESTIONS[step % len(QUESTIONS)])
        next(b for b in at.button if b.label == "Ask").click().run()

    actions = [("read", read), ("add", add), ("accept", accept), ("ask", ask)]
    ask()  # untimed warm-up: a server loads the embedding model once, not per request
    read()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        name, fn = actions[step % len(actions)]
        timed(name, fn)
        step += 1
    results.put({"user": n, "timings": timings, "errors": errors, "added": added})


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10, choices=range(1, 51), metavar="N")
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--hash", action="store_true", help="model-free embeddings")
    args = parser.parse_args()
    os.environ["SENDRAFT_HOME"] = os.environ.get("SENDRAFT_BENCH_HOME") or tempfile.mkdtemp(prefix="sendraft-load-")
    os.environ["SENDRAFT_LLM_PROVIDER"] = "fake"
    os.environ["SENDRAFT_CONFIG"] = str(Path(os.environ["SENDRAFT_HOME"]) / "absent.toml")
    if args.hash:
        os.environ["SENDRAFT_EMBEDDING_MODEL"] = "hash"
    from assistant.ingest.pipeline import Ingestor
    from assistant.settings import Settings
    from assistant.workspace.jobs import stop_workers
    from assistant.workspace.service import Workspace

    ws = Workspace(Settings())
    Ingestor(ws.store).ingest([ROOT / "corpus" / "samples"])
    (ws.settings.home / "samples-ingested").touch()
    rid = ws.create("Load-test response", None, None, "bench").id
    job = ws.start_draft(rid, AREAS, "bench")
    ws.run_jobs()
    while ws.jobs.get(job.id).active:
        time.sleep(0.2)
    stop_workers()
    before = sum(len(bs) for a in ws.drafts.current(rid)[0].areas for bs in a.sections().values())
    print(f"{args.users} users for {args.seconds:.0f} s on one home ({os.environ['SENDRAFT_HOME']}); "
          f"a six-area response of {before} points; embeddings: {Settings().embedding_model}")

    context = mp.get_context("spawn")
    results: mp.Queue = context.Queue()
    users = [context.Process(target=_user, args=(n, rid, args.seconds, results)) for n in range(args.users)]
    for user in users:
        user.start()
    rows = [results.get(timeout=args.seconds + 900) for _ in users]
    for user in users:
        user.join(60)

    print(f"\n{'action':<8} {'count':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for action in ("read", "add", "accept", "ask"):
        values = [t for r in rows for t in r["timings"][action]]
        print(f"{action:<8} {len(values):>6} {_p(values, 0.5):>7.2f} {_p(values, 0.95):>7.2f} {max(values, default=0):>7.2f}")
    errors = [e for r in rows for e in r["errors"]]
    print(f"\nerrors: {len(errors)}")
    for error in errors[:10]:
        print(f"  {error}")
    draft, version = Workspace(Settings()).drafts.current(rid)
    present = {b.text for a in draft.areas for b in a.issues}
    added = [t for r in rows for t in r["added"]]
    missing = [t for t in added if t not in present]
    print(f"points added: {len(added)}; present afterwards: {len(added) - len(missing)}; missing: {len(missing)}; "
          f"versions: {version}")


if __name__ == "__main__":
    main()
