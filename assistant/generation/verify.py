"""Citation verification: (a) the quote is in the cited passage, (b) the passage supports the claim.

(a) is pure and tolerant of case, whitespace and punctuation (`text.quote_in_passage`). (b)
asks a verifier: the chat model as a constrained yes/no judge. Nothing unverified is ever
marked supported.
"""

from __future__ import annotations

import re

from assistant.generation.llm import ChatBackend
from assistant.generation.prompts import load_prompt, neutralise
from assistant.generation.structured import CallStats, yes_no
from assistant.text import quote_in_passage


def locate_quote(quote: str, cited: str, sources: dict[str, str]) -> str:
    """Pure: the label whose text holds the quote: the cited one if it does, else the one
    source that does (small models copy a quote right but number it wrong), else the cited one."""
    if quote_in_passage(quote, sources[cited]):
        return cited
    holders = [label for label, text in sources.items() if quote_in_passage(quote, text)]
    return holders[0] if len(holders) == 1 else cited


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def figures(text: str) -> set[str]:
    """Pure: the figures in a text (£1.2 billion -> "1.2", 60,000 -> "60000", 2028-29 -> "2028", "29")."""
    return set(_NUMBER.findall(text.replace(",", "")))


def figures_grounded(claim: str, passage: str) -> bool:
    """Pure: every figure in the claim (£1.2 billion, 66%, 2028) appears in the passage."""
    return figures(claim) <= figures(passage)


def check_support(judge: "LLMJudge | None", claim: str, quote: str, passage: str, stats: CallStats) -> tuple[bool, str]:
    """(quote found, verdict) for one citation: quote, then figures, then the judge. A claim the
    passage states word for word (an appraised point's kernel is the policy's own sentence) is
    supported by that fact alone: asking a model would only add its mistakes."""
    if not quote_in_passage(quote, passage):
        return False, "quote_not_found"
    if not figures_grounded(claim, passage):
        return True, "not_supported"  # a figure the passage does not contain cannot rest on it
    if judge is None:
        return True, "unverified"
    if quote_in_passage(claim, passage):
        return True, "supported"
    answer = judge.supports(claim, passage, stats)
    return True, {True: "supported", False: "not_supported", None: "unverified"}[answer]


class NLIJudge:
    """A local NLI cross-encoder (premise = passage, hypothesis = claim): supported on entailment."""

    name = "nli"

    def __init__(self, path: str) -> None:
        from pathlib import Path

        from sentence_transformers import CrossEncoder

        from assistant.errors import SendraftError

        if not Path(path).is_dir():
            raise SendraftError(f"verifier {path}: not a directory holding an NLI cross-encoder")
        self._model = CrossEncoder(path, device="cpu", local_files_only=True)
        labels = {i: str(l).lower() for i, l in (self._model.config.id2label or {}).items()}
        self._entail = next((i for i, l in labels.items() if l.startswith("entail")), None)
        if self._entail is None:
            raise SendraftError(f"verifier {path}: not an NLI model (its labels {sorted(labels.values())} have no 'entailment')")
        self.version = f"nli:{Path(path).name}"

    def supports(self, claim: str, passage: str, stats: CallStats) -> bool | None:
        scores = self._model.predict([(passage, claim)], show_progress_bar=False)[0]
        return int(scores.argmax()) == self._entail


def make_judge(settings, backend: ChatBackend):
    """The verifier from settings: 'llm' (the chat model), 'none', or an NLI cross-encoder path."""
    if settings.verifier == "none":
        return None
    if settings.verifier == "llm":
        return LLMJudge(backend)
    return NLIJudge(settings.verifier)


class LLMJudge:
    """The chat model asked "does this passage support this claim?" with a yes/no grammar."""

    name = "llm-judge"

    def __init__(self, backend: ChatBackend) -> None:
        self.backend = backend
        self.prompt = load_prompt("judge_claim")

    @property
    def version(self) -> str:
        return self.prompt.version

    def supports(self, claim: str, passage: str, stats: CallStats) -> bool | None:
        messages = self.prompt.messages(claim=" ".join(claim.split()), passage=neutralise(" ".join(passage.split())))
        return yes_no(self.backend, messages, stats)

    def rerank(self, query: str, candidates: list[tuple[str, str]]) -> list[tuple[str, float]]:
        """The judge as a reranker: passages it says answer the query first, in their order."""
        stats = CallStats()
        marked = [(pid, 1.0 if self.supports(query, text, stats) else 0.0) for pid, text in candidates]
        return sorted(marked, key=lambda kv: -kv[1])
