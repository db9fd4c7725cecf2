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

_SOURCE = re.compile(r'<source id="([^"]+)"[^>]*>\n(.*?)\n</source>', re.DOTALL)
_WORD = re.compile(r"[a-z0-9£]+")
_SENTENCE = re.compile(r"^\[(S\d+)\] (.*)$", re.MULTILINE)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.{20,200}?[.!?])(\s|$)", text)
    return (match.group(1) if match else text[:160]).strip()


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
            answer = set(_WORD.findall(prompt.rsplit("ANSWER:", 1)[-1].split("Does the PASSAGE", 1)[0].lower()))
            passage = set(_WORD.findall(prompt.split("PASSAGE:", 1)[-1].split("QUESTION:", 1)[0].lower()))
            return "yes" if answer and len(answer & passage) / len(answer) >= 0.5 else "no"
        if "Answer yes or no" in prompt:
            claim = re.search(r"CLAIM:\n(.*?)\n", prompt, re.DOTALL)
            passage = re.search(r"PASSAGE:\n(.*)", prompt, re.DOTALL)
            claim_words = set(_WORD.findall((claim.group(1) if claim else "").lower()))
            passage_words = set(_WORD.findall((passage.group(1) if passage else "").lower()))
            overlap = len(claim_words & passage_words) / max(len(claim_words), 1)
            return "yes" if overlap >= 0.5 else "no"
        if '{"proposals"' in prompt:  # the first sentences are the proposals
            return json.dumps({"proposals": [sid for sid, _ in _SENTENCE.findall(prompt)[:4]]})
        if '{"welcome"' in prompt:  # one proposal, welcomed and questioned
            text = prompt.rsplit("<proposal>", 1)[-1].split("</proposal>", 1)[0]
            words = [w.strip(".,;:()") for w in text.split()[:7]]
            while words and (len(words[-1]) < 4 or not words[-1]):
                words.pop()
            gist = " ".join(words)
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
            question = set(_WORD.findall(prompt.split("Question:", 1)[-1].split("\n", 1)[0].lower()))
            sid, text = max(numbered, key=lambda n: len(question & set(_WORD.findall(n[1].lower()))))  # first of the best
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

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        prompt = "\n".join(str(m.content) for m in messages)
        reply = self._reply(prompt)
        self.calls += 1
        message = AIMessage(
            content=reply,
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
