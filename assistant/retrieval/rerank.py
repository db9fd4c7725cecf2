"""The reranker seam: reorder the best candidates with a stronger model, or leave them be.

"none" is the default because no cross-encoder ships offline (see ../shared/MODELS.md). A
user with a local sentence-transformers CrossEncoder sets SENDRAFT_RERANKER to its directory;
SENDRAFT_RERANKER=llm-judge uses the chat model's yes/no judge behind the same protocol.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol

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


def make_reranker(settings) -> Reranker | None:
    """From settings.reranker: unset/'none' -> None; 'llm-judge' -> the chat model as a yes/no
    judge of each candidate (slow: one call per candidate); otherwise a local CrossEncoder path."""
    setting = settings.reranker
    if not setting or setting.lower() == "none":
        return None
    if setting == "llm-judge":
        from assistant.generation.llm import chat_backend
        from assistant.generation.verify import LLMJudge

        return LLMJudge(chat_backend(settings))
    return _cross_encoder(setting)
