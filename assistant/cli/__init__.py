"""The `sendraft` command line: a thin shell over the library.

One Typer app; the commands live by subject in corpus.py (ingest, docs, framework),
retrieval.py (search, areas, positions), drafting.py (draft, ask), evaluation.py (eval) and
questions.py (questions extract)."""

from assistant.cli import corpus, drafting, evaluation, questions, retrieval, workspace  # noqa: F401  (registers the commands)
from assistant.cli.shared import app

__all__ = ["app"]
