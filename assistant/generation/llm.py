"""The one way to a chat model: a LangChain `BaseChatModel` chosen by settings.

llamacpp (embedded default) and fake need nothing else; ollama, openai (any OpenAI-compatible
server via base_url) and anthropic are optional extras, imported only when chosen. Switching
provider is a settings change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from langchain_core.language_models.chat_models import BaseChatModel

from assistant.errors import SendraftError
from assistant.settings import Settings

_EXTRAS = {"ollama": "langchain-ollama", "openai": "langchain-openai", "anthropic": "langchain-anthropic"}


@dataclass(frozen=True)
class ChatBackend:
    """A chat model with what callers need to know about it."""

    model: BaseChatModel
    provider: str
    model_id: str

    def count_tokens(self, text: str) -> int:
        """Tokens of text for the local runtime (llama.cpp reports usage only in its raw reply)."""
        if self.provider == "llamacpp":
            return len(self.model.client.tokenize(text.encode("utf-8"), add_bos=False, special=True))
        return len(text) // 4

    @property
    def constrained(self) -> bool:
        """True when output can be forced to a JSON schema or grammar by the runtime itself."""
        return self.provider in ("llamacpp", "fake")


def _missing(provider: str) -> SendraftError:
    return SendraftError(f"provider {provider!r} needs its LangChain package: pip install {_EXTRAS[provider]}")


def _llamacpp(settings: Settings) -> tuple[BaseChatModel, str]:
    from assistant.generation.embedded import EMBEDDED, assemble

    if settings.llm_model in EMBEDDED:
        path = assemble(settings.llm_model, settings.home)
        label = EMBEDDED[settings.llm_model].label
    else:
        path = Path(settings.llm_model).expanduser()
        if not path.is_file():
            raise SendraftError(f"llm_model {settings.llm_model!r} is neither an embedded model name nor a .gguf file")
        label = path.name
    try:
        from llama_cpp import Llama
    except ImportError:
        raise SendraftError("llama-cpp-python is not installed (the README's install command installs it)") from None
    from assistant.generation.llamacpp_chat import LlamaCppChat

    client = Llama(model_path=str(path), n_ctx=settings.llm_context, n_threads=settings.llm_threads, n_batch=512,
                   seed=settings.llm_seed, verbose=False)
    model = LlamaCppChat(client=client, temperature=settings.llm_temperature, max_tokens=settings.llm_max_tokens,
                         seed=settings.llm_seed)
    return model, label


@lru_cache(maxsize=4)
def _cached(settings_json: str) -> ChatBackend:
    settings = Settings.model_validate_json(settings_json)
    provider = settings.llm_provider
    if provider == "fake":
        from assistant.generation.fake import FakeChatModel

        return ChatBackend(FakeChatModel(token_delay=settings.fake_token_delay), "fake", "fake")
    if provider == "llamacpp":
        model, label = _llamacpp(settings)
        return ChatBackend(model, provider, label)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    common = {"temperature": settings.llm_temperature}
    try:
        if provider == "ollama":
            from langchain_ollama import ChatOllama

            model = ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url or "http://127.0.0.1:11434",
                               num_predict=settings.llm_max_tokens, **common)
        elif provider == "openai":
            from langchain_openai import ChatOpenAI

            model = ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url, api_key=key or "not-needed",
                               max_tokens=settings.llm_max_tokens, timeout=settings.llm_timeout_s, max_retries=2, **common)
        else:
            from langchain_anthropic import ChatAnthropic

            extra = {"base_url": settings.llm_base_url} if settings.llm_base_url else {}  # a proxy, or a test's local server
            model = ChatAnthropic(model=settings.llm_model, api_key=key, max_tokens=settings.llm_max_tokens,
                                  timeout=settings.llm_timeout_s, max_retries=2, **extra, **common)
    except ImportError:
        raise _missing(provider) from None
    return ChatBackend(model, provider, f"{provider}:{settings.llm_model}")


def chat_backend(settings: Settings) -> ChatBackend:
    """The configured chat model, built once per process for the same settings."""
    return _cached(settings.model_dump_json())
