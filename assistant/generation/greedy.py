"""Greedy sampling under a grammar at the cost of one token, not the whole vocabulary.

llama-cpp-python's sampler chain (penalties, grammar, greedy) runs the grammar over all
151,936 tokens of Qwen's vocabulary at every step: about 24 ms a token on 2 cores, a sixth of
a draft. At temperature 0 the answer is the highest-scoring token the grammar allows, so,
as llama.cpp's own `common_sampler` does, ask the grammar about the unconstrained best token
first: when it is allowed (most steps) it is the answer; only when it is not does the full
chain run. The tokens chosen are the same either way.
"""

from __future__ import annotations

import ctypes

import numpy as np
from llama_cpp import Llama, llama_cpp


def _grammar_of(chain) -> object | None:
    """The grammar sampler in a llama.cpp sampler chain, or None."""
    for i in range(llama_cpp.llama_sampler_chain_n(chain)):
        sampler = llama_cpp.llama_sampler_chain_get(chain, i)
        if llama_cpp.llama_sampler_name(sampler) == b"grammar":
            return sampler
    return None


def allowed(grammar, token: int, logit: float) -> bool:
    """Whether the grammar, in its current state, allows `token` next."""
    data = (llama_cpp.llama_token_data * 1)(llama_cpp.llama_token_data(token, logit, 0.0))
    candidates = llama_cpp.llama_token_data_array(data=data, size=1, selected=-1, sorted=False)
    llama_cpp.llama_sampler_apply(grammar, ctypes.byref(candidates))
    return bool(np.isfinite(data[0].logit))


class GreedyGrammarLlama(Llama):
    """`Llama` whose greedy, grammar-constrained steps test the best token before the vocabulary."""

    def sample(self, **kwargs) -> int:  # generate() passes every argument by keyword
        chain = self._sampler
        if (chain is None or kwargs.get("grammar") is None or kwargs.get("temp") != 0.0
                or kwargs.get("logits_processor") is not None or kwargs.get("repeat_penalty", 1.0) != 1.0
                or kwargs.get("frequency_penalty", 0.0) or kwargs.get("presence_penalty", 0.0)):
            return super().sample(**kwargs)
        grammar = _grammar_of(chain.sampler)
        idx = kwargs.get("idx")
        ridx = idx - self.n_tokens if idx is not None else -1
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self._ctx.ctx, ridx), shape=(self._n_vocab,))
        best = int(np.argmax(logits))  # the first of equal maxima, as llama.cpp's greedy sampler takes
        if grammar is not None and allowed(grammar, best, float(logits[best])):
            chain.accept(best)  # advances the grammar (and the chain's other samplers) as sampling would
            return best
        return chain.sample(self._ctx, ridx)


def speed_up(client: Llama) -> Llama:
    """The loaded model, with the greedy grammar fast path (no reload: the class only adds a method)."""
    client.__class__ = GreedyGrammarLlama
    return client
