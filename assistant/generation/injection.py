"""Pure: text in a document that speaks to the model rather than about the policy.

A passage is data, never instructions (the prompts say so, sources sit in delimited blocks,
output is constrained to the given ids). On top of that, a sentence that reads as an
instruction to an AI, a chat-role line, a fake source tag or a JSON object is never numbered
for the model to choose: it can neither be drafted from nor cited.
"""

from __future__ import annotations

import re

_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b[^.]{0,40}\b(instructions?|prompts?|rules|guidelines|"
    r"(the )?above|previous|prior|system)\b"
    r"|\b(you are|you're|act as|pretend to be|roleplay as)\b[^.]{0,30}\b(ai|assistant|language model|chatbot|llm|gpt)\b"
    r"|\b(system prompt|developer (message|mode)|jailbreak|prompt injection)\b"
    r"|^\W*(system|assistant|user|human)\s*:"
    r"|<\s*/?\s*(source|system|instructions?|im_start|im_end)\b|\[/?INST\]|<\|[a-z_]+\|>"
    r"|\{\s*\"[A-Za-z_]+\"\s*:"
    r"|\b(respond|reply|answer|output|say|write)\b[^.]{0,25}\b(only|exactly)\b[^.]{0,25}\b(json|the following|these words|this text)\b",
    re.IGNORECASE,
)
_FAKE_LABEL = re.compile(r"\[(\s*[SPEQ]\d{1,3}\s*)\]")


def instruction_like(text: str) -> bool:
    """Whether `text` addresses the model (an injection attempt) rather than the reader."""
    return bool(_INSTRUCTION.search(text))


def defang_labels(text: str) -> str:
    """A document's own "[S3]" or "[P1]" shown as "(S3)", so it cannot pose as one of our ids."""
    return _FAKE_LABEL.sub(r"(\1)", text)
