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
from typing import Callable, Literal, TypeVar

from langchain_core.messages import BaseMessage
from pydantic import BaseModel, ValidationError, create_model

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
            # Anthropic, Ollama's own API: native structured output, given the strict constraint
            # (the allowed ids as an enum), validated against the looser schema.
            runnable = backend.model.with_structured_output((constraint or schema).model_json_schema(), include_raw=True)
            result = _invoke(backend, runnable, messages, stats)
            try:
                if result.get("parsed") is not None:
                    return schema.model_validate(result["parsed"])
                last = str(result.get("parsing_error"))[:200]
            except ValidationError as exc:
                last = f"{type(exc).__name__}: {str(exc)[:200]}"
        stats.errors.append(last)
    raise SendraftError(f"the model gave malformed output {retries + 1} times ({last})")


def choose(backend: ChatBackend, messages: list[BaseMessage], options: tuple[str, ...],
           stats: CallStats) -> tuple[str | None, dict[str, float]]:
    """A constrained choice of one of `options`, and the model's probability of each.

    The embedded model (and the fake) sample under a grammar of the options and report their
    probabilities from the first token's logits; a remote model is held to the same options by
    a strict schema (an enum), and its choice counts as certain, since no remote API here
    reports probabilities for a tool call's arguments."""
    if backend.constrained:
        message = _invoke(backend, backend.model.bind(choices=list(options)), messages, stats)
        reply = str(message.content).strip()
        probs = dict((message.response_metadata or {}).get("choice_probs") or {})
        choice = reply if reply in options else None
        return choice, probs or ({choice: 1.0} if choice else {})
    field = Literal[options]  # type: ignore[valid-type]
    schema = create_model("Choice", choice=(field, ...))
    try:
        choice = structured(backend, messages, schema, 0, stats).choice
    except SendraftError:
        return None, {}
    return choice, {choice: 1.0}


def one_of(backend: ChatBackend, messages: list[BaseMessage], options: tuple[str, ...], stats: CallStats) -> str | None:
    """A constrained choice of one word from `options`; None when the reply is none of them."""
    return choose(backend, messages, options, stats)[0]


def yes_no(backend: ChatBackend, messages: list[BaseMessage], stats: CallStats) -> bool | None:
    """A constrained yes/no answer; None when the reply is neither."""
    answer = one_of(backend, messages, ("yes", "no"), stats)
    return None if answer is None else answer == "yes"


def p_yes(backend: ChatBackend, messages: list[BaseMessage], stats: CallStats) -> float | None:
    """The model's probability of "yes" to a yes/no question; None when it answered neither."""
    answer, probs = choose(backend, messages, ("yes", "no"), stats)
    return None if answer is None else probs.get("yes", 1.0 if answer == "yes" else 0.0)
