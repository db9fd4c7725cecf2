"""`sendraft ui` as a real subprocess for the browser tests: started with a clean environment
(CI's offline switches removed: the app must set them itself), watched for egress at the
socket level, stopped with its whole process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.egress import egress, watched
from tests.reliability.test_no_egress import OFFLINE_SWITCHES

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(tmp_path: Path, env_extra: dict[str, str], host: str = "127.0.0.1"):
    """Yield the app's loopback URL; on exit, stop it and assert it reached nothing beyond loopback."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDRAFT_") and k not in OFFLINE_SWITCHES}
    env.update(SENDRAFT_HOME=str(tmp_path / "home"), SENDRAFT_CONFIG=str(tmp_path / "absent.toml"), **env_extra)
    log_path, trace = tmp_path / "ui.log", tmp_path / "ui.trace"
    log = open(log_path, "w")
    command, env = watched([str(Path(sys.executable).parent / "sendraft"), "ui", "--host", host, "--port", str(port)], env, trace)
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=1).text == "ok":
                break
        except httpx.HTTPError:
            time.sleep(0.3)
        assert process.poll() is None, log_path.read_text()
    try:
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the app and anything it started
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
        log.close()
    reached = egress(trace)
    assert reached == [], f"the app reached beyond loopback: {reached}"
