"""A deterministic chat model for tests and offline demos: no weights, no network.

It reads the sources in the prompt and answers in the shape each prompt asks for: a draft
(one bullet per section quoting the first sentence of a source), an answer, or a yes/no
judgement by word overlap. Scripted replies can be given instead, to test malformed output.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.text import words

_SOURCE = re.compile(r'<source id="([^"]+)"[^>]*>\n(.*?)\n</source>', re.DOTALL)
_SENTENCE = re.compile(r"^\[(S\d+)\] (.*)$", re.MULTILINE)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.{20,200}?[.!?])(\s|$)", text)
    return (match.group(1) if match else text[:160]).strip()


def _conform(value: Any, schema: dict, defs: dict) -> Any:
    """The reply's strings made to fit a pattern that fixes their opening words ("^(Need for|
    Clearer) ..."): the fake writes its own words, then opens with the first allowed opener, as
    a grammar would have made the real model do."""
    schema = defs.get(schema.get("$ref", "").rsplit("/", 1)[-1], schema)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        return {k: _conform(v, props.get(k, {}), defs) for k, v in value.items()}
    if isinstance(value, list):
        return [_conform(v, schema.get("items", {}), defs) for v in value]
    pattern = schema.get("pattern", "")
    opener = re.match(r"\^\(([^|)]+)[|)]", pattern)
    if isinstance(value, str) and opener and not re.match(pattern, value):
        return f"{opener.group(1)} {value[0].lower()}{value[1:]}"
    return value


def fits_schema(reply: str, schema: dict) -> None:
    """Raise a clear error unless the reply is JSON that the runtime's schema accepts, as a
    grammar-constrained model's reply always is (a scripted reply may not be: tests of malformed
    output bypass the constraint on purpose, so only unscripted replies are held to it)."""
    import jsonschema

    try:
        jsonschema.validate(json.loads(reply, strict=False), schema)
    except (ValueError, jsonschema.ValidationError) as exc:
        raise ValueError(f"fake model: reply does not fit the output schema: {str(exc).splitlines()[0][:200]}") from None


class FakeChatModel(BaseChatModel):
    """Grounded and deterministic; `script` (a list of strings) overrides, one reply per call."""

    script: list[str] | None = None
    calls: int = 0
    token_delay: float = 0.0  # seconds per streamed piece: lets a test watch a job's progress

    @property
    def _llm_type(self) -> str:
        return "sendraft-fake"

    def _reply(self, prompt: str) -> str:
        if self.script is not None:
            reply = self.script[min(self.calls, len(self.script) - 1)]
            return reply
        sources = _SOURCE.findall(prompt)
        if "Answer welcome, concern or neutral" in prompt:
            point = prompt.rsplit("POINT:", 1)[-1].lower()
            if re.search(r"\b(lack|risk|concern|unclear|no reference|not)\b", point):
                return "concern"
            return "welcome" if re.search(r"\b(welcome|commitment|recognition)\b", point) else "neutral"
        if "Does the ANSWER state what the QUESTION asks for" in prompt:
            answer = prompt.rsplit("ANSWER:", 1)[-1].split("Does the ANSWER", 1)[0]
            return "yes" if answer.strip() else "no"
        if "is the answer to the QUESTION" in prompt:  # an answer checked against its paragraph
            answer = set(words(prompt.rsplit("ANSWER:", 1)[-1].split("Does the PASSAGE", 1)[0]))
            passage = set(words(prompt.split("PASSAGE:", 1)[-1].split("QUESTION:", 1)[0]))
            return "yes" if answer and len(answer & passage) / len(answer) >= 0.5 else "no"
        if "Answer yes or no" in prompt and "CLAIM:" in prompt:
            claim = re.search(r"CLAIM:\n(.*?)\n", prompt, re.DOTALL)
            passage = re.search(r"PASSAGE:\n(.*)", prompt, re.DOTALL)
            claim_words = set(words(claim.group(1) if claim else ""))
            passage_words = set(words(passage.group(1) if passage else ""))
            overlap = len(claim_words & passage_words) / max(len(claim_words), 1)
            return "yes" if overlap >= 0.5 else "no"
        if '{"proposals"' in prompt:  # the first sentences are the proposals
            return json.dumps({"proposals": [sid for sid, _ in _SENTENCE.findall(prompt)[:4]]})
        if '{"welcome"' in prompt:  # one proposal, welcomed and questioned
            text = prompt.rsplit("<proposal>", 1)[-1].split("</proposal>", 1)[0]
            opening = [w.strip(".,;:()") for w in text.split()[:7]]
            while opening and (len(opening[-1]) < 4 or not opening[-1]):
                opening.pop()
            gist = " ".join(opening)
            return json.dumps({"welcome": f"Commitment to {gist}", "concern": f"Lack of clarity about how {gist} will work"})
        if '{"recommendations"' in prompt:
            issues = re.findall(r"^(I\d+): (.*)$", prompt, re.MULTILINE)
            restates = "F1" if '<source id="F1"' in prompt else "none"
            return json.dumps({"recommendations": [
                {"answers": iid, "recommendation": f"Publish a timetable and an independent evaluation, item {n + 1}",
                 "restates": restates if n == 0 else "none"}
                for n, (iid, text) in enumerate(issues[:3])]})
        if '"sentences"' in prompt:
            numbered = _SENTENCE.findall(prompt)
            if not numbered:
                return json.dumps({"sentences": [], "answer": ""})
            question = set(words(prompt.split("Question:", 1)[-1].split("\n", 1)[0]))
            sid, text = max(numbered, key=lambda n: len(question & set(words(n[1]))))  # first of the best
            return json.dumps({"sentences": [sid], "answer": text.strip()})
        section_task = re.search(r"Task: Write the (Positives|Issues|Ways forward)", prompt)
        if section_task:  # one section per call
            forum = section_task.group(1) == "Ways forward"
            chosen = [(sid, t) for sid, t in sources if sid.startswith("F") == forum] or sources
            return json.dumps({"bullets": [{"text": _first_sentence(t), "citations": [{"source": sid, "quote": _first_sentence(t)}]}
                                           for sid, t in chosen[:2]]})
        sections: dict[str, list] = {"positives": [], "issues": [], "ways_forward": []}
        policy = [(sid, text) for sid, text in sources if not sid.startswith("F")]
        for index, (sid, text) in enumerate(sources):
            quote = _first_sentence(text)
            # Policy sources feed Positives and Issues in turn; the forum's (F...) feed Ways forward.
            section = "ways_forward" if sid.startswith("F") or not policy else ("positives", "issues")[index % 2]
            sections[section].append({"text": quote, "citations": [{"source": sid, "quote": quote}]})
        return json.dumps(sections)

    def _choose(self, prompt: str, choices: list[str]) -> str:
        """One of the allowed choices: a yes/no by the prompt's own heuristics (else the first); otherwise the
        choice whose labelled line ("[2] ...") shares most words with the question ("0" or
        "none", when offered, if no line shares any)."""
        if set(choices) == {"yes", "no"} or set(choices) <= {"welcome", "concern", "neutral"}:
            reply = self._reply(prompt).strip().lower()
            return reply if reply in choices else choices[0]  # a question it has no heuristic for: the first
        question = set(words(prompt.split("Question:", 1)[-1].split("\n", 1)[0]))
        lines = dict(re.findall(r"^\[([^\]]+)\] (.*)$", prompt, re.MULTILINE))
        scored = [(len(question & set(words(lines[c]))), c) for c in choices if c in lines]
        best = max(scored, key=lambda t: t[0], default=(0, None))
        if best[1] is None or best[0] == 0:
            return next((c for c in choices if c in ("0", "none")), choices[0])
        return best[1]

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        prompt = "\n".join(str(m.content) for m in messages)
        choices = kwargs.get("choices")
        metadata: dict[str, Any] = {}
        if choices and self.script is None:
            reply = self._choose(prompt, list(choices))
            # Probabilities as the embedded model reports them: most on the choice, the rest shared.
            rest = 0.2 / max(len(choices) - 1, 1)
            metadata["choice_probs"] = {c: (0.8 if c == reply else rest) for c in choices}
        else:
            reply = self._reply(prompt)
        self.calls += 1
        schema = (kwargs.get("response_format") or {}).get("schema")
        if schema is not None and self.script is None:
            reply = json.dumps(_conform(json.loads(reply, strict=False), schema, schema.get("$defs", {})))
            fits_schema(reply, schema)
        if choices and self.script is None and reply not in choices:
            raise ValueError(f"fake model: reply {reply[:80]!r} is not one of the allowed choices {list(choices)}")
        message = AIMessage(
            content=reply, response_metadata=metadata,
            usage_metadata={"input_tokens": len(prompt) // 4, "output_tokens": len(reply) // 4, "total_tokens": (len(prompt) + len(reply)) // 4},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any):
        """The same reply, in pieces of about a token each (as llama.cpp streams)."""
        reply = self._generate(messages, stop, run_manager, **kwargs).generations[0].message
        pieces = re.findall(r"\s*\S{1,6}", str(reply.content)) or [""]
        for n, piece in enumerate(pieces):
            if self.token_delay:
                time.sleep(self.token_delay)
            usage = reply.usage_metadata if n == len(pieces) - 1 else None
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece, usage_metadata=usage))
