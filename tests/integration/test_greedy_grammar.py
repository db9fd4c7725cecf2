"""The greedy grammar fast path chooses exactly the tokens llama.cpp's full sampler chain does."""

from __future__ import annotations

import pytest

from assistant.generation.embedded import assemble
from assistant.generation.greedy import speed_up
from assistant.settings import Settings

pytestmark = pytest.mark.integration

SCHEMA = {"type": "object", "properties": {"welcome": {"type": "string", "pattern": "^(Commitment to|Greater emphasis on) [a-z ]{8,60}$"},
                                          "concern": {"type": "string"}}, "required": ["welcome", "concern"]}
MESSAGES = [{"role": "user", "content": "The Government will fund 60 new special free schools. Give the SEND forum's "
                                        'judgement as JSON {"welcome": ..., "concern": ...}.'}]


def test_fast_path_gives_the_same_reply_as_the_full_chain():
    from llama_cpp import Llama

    path = str(assemble("qwen2.5-coder-1.5b", Settings().home))
    model = Llama(model_path=path, n_ctx=1024, n_threads=2, verbose=False, seed=7)
    ask = dict(messages=MESSAGES, temperature=0.0, max_tokens=80, repeat_penalty=1.0,
               response_format={"type": "json_object", "schema": SCHEMA})
    plain = model.create_chat_completion(**ask)["choices"][0]["message"]["content"]
    speed_up(model)
    model.reset()
    fast = model.create_chat_completion(**ask)["choices"][0]["message"]["content"]
    assert fast == plain and fast.startswith('{"welcome": "')
