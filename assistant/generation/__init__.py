"""Grounded generation: chat models, prompts, cited drafting, citation verification, Q&A.

Importing any part of generation provides retrieval's "llm-judge" reranker (the chat model as
a yes/no judge of each candidate, SENDRAFT_RERANKER=llm-judge): retrieval never imports
generation, so the layer that owns the chat model offers it through `retrieval.rerank.provide`.
"""

from assistant.retrieval.rerank import provide


def _llm_judge(settings):
    from assistant.generation.llm import chat_backend
    from assistant.generation.verify import LLMJudge

    return LLMJudge(chat_backend(settings))


provide("llm-judge", _llm_judge)
