"""The remote path, for real: the OpenAI-compatible backend against llama-cpp-python's own
OpenAI-compatible server, started here on 127.0.0.1 with the embedded model. Structured output
(the constraint sent as a forced tool call), streaming, verification and a whole draft."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.integration
pytest.importorskip("langchain_openai", reason="the openai extra is not installed")
pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from assistant.generation.embedded import assemble

    gguf = assemble("qwen2.5-coder-1.5b", tmp_path_factory.mktemp("models"))
    port = _free_port()
    log = open(tmp_path_factory.mktemp("server") / "server.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "qwen-local", "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "6144", "--n_threads", "2", "--seed", "7"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, "the llama.cpp server exited"
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def remote(server, monkeypatch, hash_embeddings):
    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "openai")
    monkeypatch.setenv("SENDRAFT_LLM_BASE_URL", server)
    monkeypatch.setenv("SENDRAFT_LLM_MODEL", "qwen-local")
    from assistant.ingest.pipeline import Ingestor
    from assistant.settings import Settings
    from assistant.store import Store

    store = Store(Settings())
    Ingestor(store).ingest([SAMPLES])
    return store


def test_structured_output_and_streaming_through_the_server(remote):
    from pydantic import BaseModel, Field

    from assistant.generation.llm import chat_backend
    from assistant.generation.structured import CallStats, structured
    from langchain_core.messages import HumanMessage

    class Pick(BaseModel):
        colour: str = Field(max_length=20)

    backend = chat_backend(remote.settings)
    assert backend.provider == "openai"
    pieces: list[str] = []
    stats = CallStats()
    reply = structured(backend, [HumanMessage("Name a primary colour. Reply with JSON {\"colour\": ...}.")], Pick, 1, stats,
                       stream=pieces.append)
    assert reply.colour and pieces and stats.calls == 1 and stats.input_tokens > 0


def test_a_whole_area_is_drafted_and_verified_through_the_server(remote):
    from assistant.drafts.response import draft_response
    from assistant.generation.qa import ask
    from assistant.generation.verify import quote_in_passage

    pieces: list[str] = []
    draft = draft_response(remote, ["funding"], stream=pieces.append)
    area = draft.areas[0]
    bullets = [b for bs in area.sections().values() for b in bs]
    assert pieces and bullets and area.model == "openai:qwen-local"
    citations = [c for b in bullets for c in b.citations]
    assert citations and any(c.supported for c in citations)
    texts = {pid: p.text for pid, p in remote.catalog.passages_by_id(area.passages_used).items()}
    assert all(c.quote_found and quote_in_passage(c.quote, texts[c.passage_id]) for c in citations if c.supported)
    # qa-14 of evals/datasets/qa.jsonl (briefing para 5.4): an abstention fails, as a wrong answer does.
    answer = ask(remote, "How much is the Experts at Hand programme worth?")
    assert not answer.abstained, answer.notes
    assert "1.8 billion" in answer.answer and any(c.supported and "1.8 billion" in c.quote for c in answer.citations)
