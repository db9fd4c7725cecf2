"""The Anthropic path's contract: the request it sends holds the same strict constraints the
embedded model samples under (the allowed sentence numbers as an enum, a forced tool), and the
reply is read back through the same validation. A real ChatAnthropic client talks to a local
HTTP server on 127.0.0.1 that records each request and replies as the Messages API does;
nothing leaves the machine."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

pytest.importorskip("langchain_anthropic", reason="the anthropic extra is not installed")

from assistant.generation.llm import chat_backend  # noqa: E402
from assistant.generation.prompts import load_prompt  # noqa: E402
from assistant.generation.structured import CallStats, choose  # noqa: E402
from assistant.settings import Settings  # noqa: E402


class _MessagesAPI(BaseHTTPRequestHandler):
    requests: list[dict] = []
    choice = "2"

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body})
        tool = body["tools"][0]["name"]
        reply = {"id": "msg_1", "type": "message", "role": "assistant", "model": body["model"], "stop_reason": "tool_use",
                 "stop_sequence": None, "usage": {"input_tokens": 42, "output_tokens": 7},
                 "content": [{"type": "tool_use", "id": "toolu_1", "name": tool, "input": {"choice": type(self).choice}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    _MessagesAPI.requests = []
    server = HTTPServer(("127.0.0.1", 0), _MessagesAPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_answer_choice_goes_to_anthropic_as_a_forced_tool_with_the_allowed_numbers(api, tmp_path):
    settings = Settings(home=tmp_path, llm_provider="anthropic", llm_model="claude-test", llm_api_key="test-key",
                        llm_base_url=api)
    backend = chat_backend(settings)
    messages = load_prompt("choose_answer").messages(question="How big is the fund?", candidates="[1] (A) x\n[2] (B) y")
    choice, probs = choose(backend, messages, ("1", "2", "0"), CallStats())
    assert (choice, probs) == ("2", {"2": 1.0})
    [sent] = _MessagesAPI.requests
    body = sent["body"]
    assert sent["path"].endswith("/v1/messages") and body["model"] == "claude-test"
    [tool] = body["tools"]
    assert tool["input_schema"]["properties"]["choice"]["enum"] == ["1", "2", "0"]
    assert tool["input_schema"]["required"] == ["choice"]
    assert body["tool_choice"]["type"] == "tool" and body["tool_choice"]["name"] == tool["name"]
    assert "How big is the fund?" in json.dumps(body["messages"])


def test_a_choice_outside_the_allowed_numbers_is_not_taken(api, tmp_path):
    _MessagesAPI.choice = "7"
    try:
        settings = Settings(home=tmp_path, llm_provider="anthropic", llm_model="claude-test", llm_api_key="test-key",
                            llm_base_url=api)
        messages = load_prompt("choose_answer").messages(question="q", candidates="[1] (A) x")
        assert choose(chat_backend(settings), messages, ("1", "0"), CallStats()) == (None, {})
    finally:
        _MessagesAPI.choice = "2"
