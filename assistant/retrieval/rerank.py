"""The reranker seam: reorder the best candidates with a stronger model, or leave them be.

"none" is the default because no cross-encoder ships offline (see ../shared/MODELS.md). A
user with a local sentence-transformers CrossEncoder sets SENDRAFT_RERANKER to its directory;
SENDRAFT_RERANKER=llm-judge uses the chat model's yes/no judge behind the same protocol.

Retrieval never imports generation, so a reranker built on the chat model is *provided* by the
layer that owns the model: assistant/generation/__init__.py calls `provide("llm-judge", ...)`,
so importing any part of generation (every path that drafts or answers does, and so does
`sendraft search`) makes it available.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol

from assistant.errors import SendraftError


class Reranker(Protocol):
    name: str

    def rerank(self, query: str, candidates: list[tuple[str, str]]) -> list[tuple[str, float]]:
        """(passage id, text) candidates -> (passage id, score), best first."""
        ...


class CrossEncoderReranker:
    def __init__(self, path: Path) -> None:
        from sentence_transformers import CrossEncoder

        if not path.is_dir():
            raise SendraftError(f"reranker {path}: not a directory holding a cross-encoder model")
        self.name = f"cross-encoder:{path.name}"
        self._model = CrossEncoder(str(path), device="cpu", local_files_only=True)

    def rerank(self, query: str, candidates: list[tuple[str, str]]) -> list[tuple[str, float]]:
        if not candidates:
            return []
        scores = self._model.predict([(query, text) for _, text in candidates], show_progress_bar=False)
        ranked = sorted(zip((pid for pid, _ in candidates), (float(s) for s in scores)), key=lambda kv: -kv[1])
        return ranked


@lru_cache(maxsize=2)
def _cross_encoder(path: str) -> CrossEncoderReranker:
    return CrossEncoderReranker(Path(path).expanduser())


_PROVIDED: dict[str, Callable[[object], Reranker]] = {}


def provide(name: str, factory: Callable[[object], Reranker]) -> None:
    """A higher layer offers a reranker by name: `factory(settings)` builds it."""
    _PROVIDED[name] = factory


def make_reranker(settings) -> Reranker | None:
    """From settings.reranker: unset/'none' -> None; 'llm-judge' -> the chat model as a yes/no
    judge of each candidate (slow: one call per candidate); otherwise a local CrossEncoder path."""
    setting = settings.reranker
    if not setting or setting.lower() == "none":
        return None
    if setting in _PROVIDED:
        return _PROVIDED[setting](settings)
    if setting == "llm-judge":
        raise SendraftError("the llm-judge reranker is provided by assistant.generation: import it before searching")
    return _cross_encoder(setting)
