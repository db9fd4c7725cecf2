"""What every command module shares: the Typer app and its sub-apps, the consoles, and the
helpers that open the store and fail with a message. The commands register themselves on the
app when assistant/cli/__init__.py imports their modules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from assistant.errors import SendraftError, printable
from assistant.models import DOCUMENT_KINDS
from assistant.settings import Settings

app = typer.Typer(help="Forum Drafting Assistant: cited consultation responses from your corpus.", no_args_is_help=True)
docs_app = typer.Typer(help="What is in the store.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
eval_app = typer.Typer(help="Evaluation suites.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
# Piped output gets a generous width instead of rich's 80 columns; a terminal uses its own.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(2)


def _store():
    from assistant.store import Store

    try:
        return Store(Settings())
    except SendraftError as exc:
        _fail(str(exc))


def _short(path: str) -> str:
    """A path as the user would type it (relative to the working directory when inside it),
    safe to print: control characters escaped, Rich markup in a file name shown literally."""
    try:
        shown = str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        shown = path
    return escape(printable(shown))


def _kind(kind: Optional[str]) -> Optional[str]:
    if kind is not None and kind not in DOCUMENT_KINDS:
        _fail(f"unknown kind {kind!r}; use one of {', '.join(DOCUMENT_KINDS)}")
    return kind
