"""The embedded model as a LangChain chat model, over llama-cpp-python's public API only.

langchain-community's `ChatLlamaCpp` is archived, so this small adapter replaces it: it turns
LangChain messages into `Llama.create_chat_completion` calls (the GGUF's own chat template),
passes the runtime's constraints through (`response_format` with a JSON schema, `grammar`),
and adds one thing the product needs and no integration offers: for a choice among a few
words (`choices=[...]`), the model's own probability of each, read from the logits of the
first generated token through llama.cpp's public `logits_processor` hook. Selective answering
(generation/qa.py) uses those probabilities as its confidence.
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field

_ROLES = {"system": "system", "human": "user", "ai": "assistant", "tool": "tool"}


def choice_grammar(choices: list[str]) -> str:
    """Pure: a GBNF grammar whose only sentences are the given words."""
    return "root ::= " + " | ".join('"' + c.replace("\\", "\\\\").replace('"', '\\"') + '"' for c in choices)


def choice_probabilities(logits: np.ndarray, first_tokens: dict[str, int]) -> dict[str, float]:
    """Pure: each choice's probability among the choices, from the logits of the first token
    (each choice's first token must be its own, which callers check)."""
    ids = np.array(list(first_tokens.values()))
    chosen = logits[ids].astype(np.float64)
    weights = np.exp(chosen - chosen.max())
    return {c: float(w) for c, w in zip(first_tokens, weights / weights.sum())}


class LlamaCppChat(BaseChatModel):
    """A loaded `llama_cpp.Llama` behind LangChain's chat interface."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: Any = Field(exclude=True)
    temperature: float = 0.0
    max_tokens: int = 900
    seed: int = 7

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _first_tokens(self, choices: list[str]) -> dict[str, int] | None:
        tokens = {c: self.client.tokenize(c.encode("utf-8"), add_bos=False, special=False)[0] for c in choices}
        return tokens if len(set(tokens.values())) == len(tokens) else None

    def _request(self, messages: list[BaseMessage], stop: Any, kwargs: dict) -> tuple[dict, dict[str, int] | None, list]:
        """The create_chat_completion arguments, and the probe that captures first-step logits."""
        params: dict[str, Any] = {
            "messages": [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages],
            "temperature": kwargs.pop("temperature", self.temperature),
            "max_tokens": kwargs.pop("max_tokens", self.max_tokens),
            "seed": kwargs.pop("seed", self.seed),
            "repeat_penalty": 1.0,  # llama-cpp-python's default 1.1 changes what a 1.5B model writes
            "stop": stop,
        }
        choices = kwargs.pop("choices", None)
        for key in ("response_format", "grammar"):
            if key in kwargs:
                params[key] = kwargs.pop(key)
        first_tokens, seen = None, []
        if choices:
            from llama_cpp import LlamaGrammar

            params["grammar"] = LlamaGrammar.from_string(choice_grammar(list(choices)), verbose=False)
            params["max_tokens"] = max(len(self.client.tokenize(c.encode("utf-8"), add_bos=False)) for c in choices) + 1
            first_tokens = self._first_tokens(list(choices))

            def probe(input_ids, scores):  # llama.cpp calls this before sampling each token
                if not seen:
                    seen.append(np.array(scores, copy=True))
                return scores

            params["logits_processor"] = [probe]
        return params, first_tokens, seen

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        params, first_tokens, seen = self._request(messages, stop, dict(kwargs))
        reply = self.client.create_chat_completion(**params)
        content = reply["choices"][0]["message"].get("content") or ""
        usage = reply.get("usage") or {}
        metadata: dict[str, Any] = {"finish_reason": reply["choices"][0].get("finish_reason")}
        if first_tokens and seen:
            metadata["choice_probs"] = choice_probabilities(seen[0], first_tokens)
        message = AIMessage(content=content, response_metadata=metadata, usage_metadata={
            "input_tokens": int(usage.get("prompt_tokens", 0)), "output_tokens": int(usage.get("completion_tokens", 0)),
            "total_tokens": int(usage.get("total_tokens", 0))})
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        params, _, _ = self._request(messages, stop, dict(kwargs))
        prompt_tokens = completion = 0
        for chunk in self.client.create_chat_completion(stream=True, **params):
            piece = chunk["choices"][0]["delta"].get("content") or ""
            if piece:
                completion += 1
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        prompt_tokens = len(self.client.tokenize(
            "".join(m["content"] for m in params["messages"]).encode("utf-8"), add_bos=False, special=True))
        yield ChatGenerationChunk(message=AIMessageChunk(content="", usage_metadata={
            "input_tokens": prompt_tokens, "output_tokens": completion, "total_tokens": prompt_tokens + completion}))
