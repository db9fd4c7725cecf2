"""Structured output with bounded retries: a pydantic object from any chat backend.

llama.cpp (and the fake) are constrained by a JSON schema at sampling time; other providers
use their native structured output. Output that still fails validation is retried, then
reported as an error; nothing unparsed is ever passed on.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from langchain_core.messages import BaseMessage
from pydantic import BaseModel, ValidationError

from assistant.errors import SendraftError
from assistant.generation.llm import ChatBackend

T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


@dataclass
class CallStats:
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "CallStats") -> None:
        self.calls += other.calls
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.seconds += other.seconds
        self.errors += other.errors


Stream = Callable[[str], None]  # receives each piece of the reply as it is generated


def _invoke(backend: ChatBackend, runnable, messages: list[BaseMessage], stats: CallStats, stream: Stream | None = None):
    """Invoke and account: one call, its seconds and tokens (reported, or counted locally).

    With `stream`, the reply is generated piece by piece and each piece is passed on as it
    comes (so a person watching sees progress), then returned whole as usual.
    """
    started = time.perf_counter()
    if stream is None:
        result = runnable.invoke(messages)
    else:
        result = None
        for chunk in runnable.stream(messages):
            result = chunk if result is None else result + chunk
            if chunk.content:
                stream(str(chunk.content))
            for call in getattr(chunk, "tool_call_chunks", None) or []:
                if call.get("args"):
                    stream(call["args"])
    stats.calls += 1
    stats.seconds += time.perf_counter() - started
    message = result.get("raw") if isinstance(result, dict) else result
    usage = getattr(message, "usage_metadata", None) or {}
    if usage.get("input_tokens") is not None:
        stats.input_tokens += int(usage["input_tokens"])
        # A server streaming a tool call may report no output tokens: count the reply here.
        stats.output_tokens += int(usage.get("output_tokens") or 0) or backend.count_tokens(_reply_text(message))
    else:
        stats.input_tokens += sum(backend.count_tokens(str(m.content)) for m in messages)
        stats.output_tokens += backend.count_tokens(str(getattr(message, "content", "")))
    return result


def _reply_text(message) -> str:
    """The reply's text, or its tool call's arguments."""
    calls = getattr(message, "tool_calls", None) or []
    return str(getattr(message, "content", "") or "") + "".join(json.dumps(c.get("args", {})) for c in calls)


def _tool_arguments(message) -> dict:
    """The arguments of the reply's tool call (or a JSON reply in its text, from servers that
    answer a forced tool call in plain content)."""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return calls[0]["args"]
    return json.loads(_FENCE.sub("", str(message.content).strip()), strict=False)


def parse_json_reply(text: str, schema: type[T]) -> T:
    """Pure: a model reply (maybe fenced) validated into the schema."""
    # strict=False: a raw newline inside a string is harmless here, and grammars let it through.
    return schema.model_validate(json.loads(_FENCE.sub("", text.strip()), strict=False))


def structured(
    backend: ChatBackend, messages: list[BaseMessage], schema: type[T], retries: int, stats: CallStats,
    constraint: type[BaseModel] | None = None, stream: Stream | None = None,
) -> T:
    """Ask for `schema`; retry malformed replies up to `retries` times, then raise SendraftError.

    `constraint` (default: `schema`) is the stricter schema the runtime enforces while sampling,
    e.g. with the allowed source ids as an enum; validation uses the looser `schema`, so that
    code, not the parser, decides what to do with a bad id from an unconstrained provider.
    """
    last = ""
    for attempt in range(retries + 1):
        if backend.constrained:
            enforced = (constraint or schema).model_json_schema()
            # A retry must not repeat the same sample: vary the seed (and warm the temperature).
            variation = {"seed": 7 + attempt, "temperature": 0.4} if attempt and backend.provider == "llamacpp" else {}
            bound = backend.model.bind(response_format={"type": "json_object", "schema": enforced}, **variation)
            message = _invoke(backend, bound, messages, stats, stream)
            try:
                return parse_json_reply(str(message.content), schema)
            except (ValueError, ValidationError) as exc:
                last = f"{type(exc).__name__}: {str(exc)[:200]}"
        elif backend.provider == "openai":
            # An OpenAI-compatible server (llama.cpp's, vLLM, LM Studio, OpenAI itself): the
            # constraint goes as the one tool the model must call, which such servers turn
            # into a grammar; the arguments stream as they are generated.
            tool = (constraint or schema).model_json_schema()
            bound = backend.model.bind_tools([{"type": "function", "function": {"name": "reply", "description": "Your reply.",
                                                                               "parameters": tool}}],
                                             tool_choice={"type": "function", "function": {"name": "reply"}})
            message = _invoke(backend, bound, messages, stats, stream)
            try:
                return schema.model_validate(_tool_arguments(message))
            except (ValueError, ValidationError) as exc:
                last = f"{type(exc).__name__}: {str(exc)[:200]}"
        else:
            result = _invoke(backend, backend.model.with_structured_output(schema, include_raw=True), messages, stats)
            if result.get("parsed") is not None:
                return result["parsed"]
            last = str(result.get("parsing_error"))[:200]
        stats.errors.append(last)
    raise SendraftError(f"the model gave malformed output {retries + 1} times ({last})")


def one_of(backend: ChatBackend, messages: list[BaseMessage], options: tuple[str, ...], stats: CallStats) -> str | None:
    """A constrained choice of one word from `options`; None when the reply is none of them."""
    if backend.provider == "llamacpp":
        from llama_cpp import LlamaGrammar

        words = " | ".join(f'"{w}" | "{w.capitalize()}"' for w in options)
        grammar = LlamaGrammar.from_string(f"root ::= {words}", verbose=False)
        message = _invoke(backend, backend.model.bind(grammar=grammar, max_tokens=4), messages, stats)
    else:
        message = _invoke(backend, backend.model, messages, stats)
    reply = str(message.content).strip().lower()
    return next((w for w in options if reply.startswith(w)), None)


def yes_no(backend: ChatBackend, messages: list[BaseMessage], stats: CallStats) -> bool | None:
    """A constrained yes/no answer; None when the reply is neither."""
    answer = one_of(backend, messages, ("yes", "no"), stats)
    return None if answer is None else answer == "yes"
