"""Shared fixtures: a temporary SENDRAFT_HOME per test, no network, real Chroma (embedded and server)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from assistant.workspace.signin import is_loopback

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus" / "samples"
SEED = SAMPLES / "forum-response-2026-05-15.md"

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    """No test may reach the network: only loopback and local sockets are allowed."""
    if self.family in (socket.AF_INET, socket.AF_INET6):
        if not is_loopback(address[0]):
            raise RuntimeError(f"test tried to reach the network: {address}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(autouse=True)
def no_leftover_workers():
    """A test's job workers stop with it (they would poll a deleted home)."""
    yield
    from assistant.workspace.jobs import stop_workers

    stop_workers()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """Every test runs in its own data directory, with no sendraft.toml from the working tree."""
    home = tmp_path / "home"
    monkeypatch.setenv("SENDRAFT_HOME", str(home))
    monkeypatch.setenv("SENDRAFT_CONFIG", str(tmp_path / "absent.toml"))
    for key in list(os.environ):
        if key.startswith("SENDRAFT_") and key not in ("SENDRAFT_HOME", "SENDRAFT_CONFIG", "SENDRAFT_TEST_CHROMA_URL"):
            monkeypatch.delenv(key)
    return home


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen | None, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"`chroma run` exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"Chroma server at {url} did not answer within {timeout} s")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory) -> str:
    """A real `chroma run` on 127.0.0.1: CI's (SENDRAFT_TEST_CHROMA_URL) or one started here."""
    url = os.environ.get("SENDRAFT_TEST_CHROMA_URL")
    if url:
        _wait_for(url, None)
        yield url
        return
    chroma = shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` command is not installed (pip install chromadb)")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path / "server.log", "wb")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(params=["embedded", "server"])
def backend(request, monkeypatch) -> str:
    """Run a store test against the embedded PersistentClient and against a Chroma server."""
    if request.param == "server":
        url = request.getfixturevalue("chroma_server")
        monkeypatch.setenv("SENDRAFT_CHROMA_URL", url)
        monkeypatch.setenv("SENDRAFT_COLLECTION", f"t{uuid.uuid4().hex[:12]}")
    return request.param


@pytest.fixture
def hash_embeddings(monkeypatch):
    """Model-free deterministic embeddings: for tests of bookkeeping, not of search quality."""
    monkeypatch.setenv("SENDRAFT_EMBEDDING_MODEL", "hash")


@pytest.fixture
def fake_store(hash_embeddings, monkeypatch):
    """The sample corpus ingested, with the deterministic fake chat model: for tests of the
    drafting and answering paths that need no real model."""
    from assistant.ingest.pipeline import Ingestor
    from assistant.settings import Settings
    from assistant.store import Store

    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "fake")
    store = Store(Settings())
    Ingestor(store).ingest([SAMPLES])
    return store
