"""The chat models behind the LangChain seam: the embedded adapter's pure parts, and the fake
holding its replies to the output constraint as a grammar holds the real model's."""

import json

import numpy as np
import pytest
from pydantic import BaseModel, Field

from assistant.generation.fake import FakeChatModel
from assistant.generation.llamacpp_chat import choice_grammar, choice_probabilities
from assistant.generation.llm import ChatBackend
from assistant.generation.structured import CallStats, choose, p_yes, structured
from langchain_core.messages import HumanMessage


def test_a_choice_grammar_allows_exactly_the_words():
    assert choice_grammar(["1", "2", "0"]) == 'root ::= "1" | "2" | "0"'
    assert choice_grammar(['say "x"']) == 'root ::= "say \\"x\\""'


def test_choice_probabilities_come_from_the_first_tokens_logits_only():
    logits = np.full(10, -5.0)
    logits[3], logits[7], logits[9] = 2.0, 2.0, 50.0  # token 9 is not a choice: it takes nothing
    probs = choice_probabilities(logits, {"yes": 3, "no": 7})
    assert probs == pytest.approx({"yes": 0.5, "no": 0.5})
    logits[3] = 2.0 + np.log(3.0)
    assert choice_probabilities(logits, {"yes": 3, "no": 7})["yes"] == pytest.approx(0.75)


def _fake() -> ChatBackend:
    return ChatBackend(FakeChatModel(), "fake", "fake")


def test_the_fake_chooses_only_among_the_allowed_words_and_reports_probabilities():
    messages = [HumanMessage("Question: how big is the fund?\n[1] The fund is big.\n[2] Trees grow.\n")]
    choice, probs = choose(_fake(), messages, ("1", "2", "0"), CallStats())
    assert choice == "1" and set(probs) == {"1", "2", "0"} and sum(probs.values()) == pytest.approx(1.0)
    assert choose(_fake(), [HumanMessage("Question: what about rivers?\n[1] Trees grow.\n")], ("1", "0"), CallStats())[0] == "0"
    assert p_yes(_fake(), [HumanMessage("Is it so? Answer yes or no.")], CallStats()) in (pytest.approx(0.8), pytest.approx(0.2))


class _Answer(BaseModel):
    sentences: list[str] = Field(min_length=1)


def test_the_fake_refuses_a_reply_its_output_schema_would_not_allow():
    messages = [HumanMessage('Question: x\n[S1] A sentence.\nReply with JSON with the keys "sentences" and "answer".')]
    assert structured(_fake(), messages, _Answer, 0, CallStats()).sentences == ["S1"]

    class Strict(BaseModel):  # the fake's reply has no "reasons": a grammar would never have let it out
        reasons: list[str]

    with pytest.raises(ValueError, match="does not fit the output schema"):
        structured(_fake(), messages, Strict, 0, CallStats())


def test_the_fake_opens_a_string_with_an_allowed_opener_when_the_pattern_demands_one():
    schema = {"type": "object", "properties": {"text": {"type": "string", "pattern": "^(Need for|Clearer) .+$"}}}
    from assistant.generation.fake import _conform, fits_schema

    fixed = _conform({"text": "Publish a plan"}, schema, {})
    assert fixed == {"text": "Need for publish a plan"}
    fits_schema(json.dumps(fixed), schema)
