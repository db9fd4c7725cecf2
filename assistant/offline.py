"""Keep the product offline: telemetry off, no model-hub downloads."""

import os

_ENV = {
    # Hugging Face / sentence-transformers: never reach the hub, never report.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_DATASETS_OFFLINE": "1",
    # Chroma (client and `chroma run`) and anything honouring the common switch.
    "ANONYMIZED_TELEMETRY": "False",
    "DO_NOT_TRACK": "1",
    # Streamlit usage statistics.
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    # LangChain tracing stays off unless the user turns it on explicitly.
    "LANGCHAIN_TRACING_V2": "false",
    "TOKENIZERS_PARALLELISM": "false",
}


def enforce_offline() -> None:
    """Set the offline switches, leaving any value the user set explicitly."""
    for key, value in _ENV.items():
        os.environ.setdefault(key, value)
