"""Commands that write: draft, redraft, ask."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from assistant.cli.shared import _fail, _store, app, err, out
from assistant.errors import SendraftError


@contextmanager
def _live_progress():
    """(progress, stream) callbacks: each step printed to stderr, and a status line counting the
    tokens of the reply being generated, so a minute-long call is visibly moving."""
    with err.status("starting") as status:
        state = {"step": "", "tokens": 0}

        def progress(message: str) -> None:
            err.print(f"[dim]{message}[/dim]")
            state.update(step=message, tokens=0)
            status.update(message)

        def stream(_piece: str) -> None:
            state["tokens"] += 1
            status.update(f"{state['step']} ({state['tokens']} tokens)")

        yield progress, stream


@app.command()
def draft(
    policy: Optional[list[str]] = typer.Option(None, "--policy", help="Policy documents to respond to (id or prefix); default all."),
    area: Optional[list[str]] = typer.Option(None, "--area", help="Only these areas (repeatable); default all six."),
    focus: Optional[str] = typer.Option(None, "--focus", help="A topic every area should address."),
    title: Optional[str] = typer.Option(None, "--title"),
    out_path: Optional[Path] = typer.Option(None, "--out", help="Write FILE.md, FILE.docx or FILE.json."),
    as_json: bool = typer.Option(False, "--json", help="Print the ResponseDraft as JSON."),
) -> None:
    """Draft cited Positives / Issues / Ways forward per framework area, every citation checked."""
    from assistant.drafts.export import export
    from assistant.drafts.repository import save_draft
    from assistant.drafts.response import draft_response

    store = _store()
    try:
        policy_ids = [store.resolve(p).id for p in policy] if policy else None
        with _live_progress() as (progress, stream):
            result = draft_response(store, area or None, policy_ids, focus, title, progress=progress, stream=stream)
        saved = save_draft(store.settings.home, result)
        written = export(result, out_path) if out_path else None
    except (SendraftError, KeyError) as exc:
        _fail(exc.args[0] if isinstance(exc, KeyError) else str(exc))
    _report(result, saved, written, as_json)


def _report(result, saved: Path, written: Optional[Path], as_json: bool) -> None:
    from assistant.drafts.export import to_markdown

    err.print(f"saved {saved}" + (f"; wrote {written}" if written else ""))
    bullets = [b for a in result.areas for bs in a.sections().values() for b in bs]
    cites = [c for b in bullets for c in b.citations]
    err.print(f"{len(bullets)} bullets, {sum(c.supported for c in cites)}/{len(cites)} citations verified, "
              f"{sum(b.needs_evidence for b in bullets)} need evidence; {result.seconds:.0f} s")
    if as_json:
        print(result.model_dump_json(indent=2))
    elif not written:
        print(to_markdown(result))


def _saved_draft(store, path: Optional[Path]):
    from assistant.drafts.repository import latest_draft, load_draft

    path = path or latest_draft(store.settings.home)
    if path is None:
        _fail(f"no saved drafts under {store.settings.home / 'drafts'}: run `sendraft draft` first")
    try:
        return path, load_draft(path)
    except SendraftError as exc:
        _fail(str(exc))


@app.command()
def redraft(
    area: str = typer.Option(..., "--area", help="The area to draft again; the others are kept as they are."),
    draft_file: Optional[Path] = typer.Argument(None, help="A saved draft (.json); default the latest."),
    policy: Optional[list[str]] = typer.Option(None, "--policy", help="Policy documents to respond to (id or prefix)."),
    focus: Optional[str] = typer.Option(None, "--focus"),
    out_path: Optional[Path] = typer.Option(None, "--out", help="Write FILE.md, FILE.docx or FILE.json."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Draft one area of a saved draft again, saved as a new draft that names the one it revises."""
    import time

    from assistant.drafts.export import export
    from assistant.drafts.repository import save_draft
    from assistant.drafts.response import redraft_area

    store = _store()
    path, previous = _saved_draft(store, draft_file)
    started = time.perf_counter()
    try:
        policy_ids = [store.resolve(p).id for p in policy] if policy else None
        with _live_progress() as (progress, stream):
            result = redraft_area(store, previous, area, based_on=path.name, policy_ids=policy_ids, focus=focus,
                                  progress=progress, stream=stream)
        result.seconds = round(time.perf_counter() - started, 2)
        saved = save_draft(store.settings.home, result)
        written = export(result, out_path) if out_path else None
    except (SendraftError, KeyError) as exc:
        _fail(exc.args[0] if isinstance(exc, KeyError) else str(exc))
    _report(result, saved, written, as_json)


@app.command()
def ask(
    question: str = typer.Argument(...),
    k: int = typer.Option(5, "--k", min=1, max=20, help="Passages given to the model."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Answer a question from the corpus with verified citations, or say the corpus does not answer it."""
    from assistant.generation.qa import ask as ask_corpus

    store = _store()
    try:
        answer = ask_corpus(store, question, k=k)
    except SendraftError as exc:
        _fail(str(exc))
    if as_json:
        data = {
            "question": answer.question, "answer": answer.answer, "abstained": answer.abstained,
            "citations": [{"passage_id": c.passage_id, "title": c.title, "page": c.page, "paragraph": c.paragraph,
                           "quote": c.quote, "supported": c.supported, "verdict": c.verdict} for c in answer.citations],
            "closest": [{"passage_id": h.id, "title": h.title, "page": h.page, "text": h.text[:300]} for h in answer.closest],
            "model": answer.model, "prompt_version": answer.prompt_version, "notes": answer.notes,
            "confidence": answer.confidence, "threshold": store.settings.answer_calibration.threshold,
            "signals": answer.signals, "seconds": answer.seconds,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    out.print(answer.answer)
    for n, c in enumerate(answer.citations, 1):
        where = ", ".join(x for x in [f"p. {c.page}" if c.page else "", f"para {c.paragraph}" if c.paragraph else ""] if x)
        out.print(f"  [{n}] {c.title} {where}: “{c.quote}” [{c.verdict}]")
    for note in answer.notes:
        out.print(f"[dim]({note})[/dim]")
    if answer.confidence is not None:
        out.print(f"[dim]confidence {answer.confidence:.2f} (answers shown from "
                  f"{store.settings.answer_calibration.threshold:.2f}) · {answer.seconds:.1f} s[/dim]")
    if answer.abstained and answer.closest:
        out.print("[dim]closest passages:[/dim]")
        for h in answer.closest:
            out.print(f"  - {h.title} {('p. ' + str(h.page)) if h.page else ''}: {' '.join(h.text.split())[:200]}")
