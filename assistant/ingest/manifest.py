"""Document metadata from a `manifest.yaml` beside the files, merged under CLI flags."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import ManifestError
from assistant.models import DocumentMeta

MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")


class ManifestEntry(DocumentMeta):
    model_config = ConfigDict(extra="forbid")
    file: str


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[ManifestEntry] = Field(default_factory=list)


def load_manifest(directory: Path) -> dict[str, DocumentMeta]:
    """Entries of the directory's manifest keyed by file name; {} when there is none."""
    for name in MANIFEST_NAMES:
        path = directory / name
        if path.is_file():
            break
    else:
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        manifest = Manifest.model_validate(raw)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ManifestError(f"{path}: invalid manifest: {problems}") from None
    return {e.file: DocumentMeta(**e.model_dump(exclude={"file"})) for e in manifest.documents}


def merge_meta(base: DocumentMeta | None, overrides: dict) -> tuple[DocumentMeta, set[str]]:
    """Flags win over the manifest; returns the metadata and which fields were given explicitly."""
    data = base.model_dump(exclude_unset=True) if base else {}
    data.update({k: v for k, v in overrides.items() if v is not None})
    return DocumentMeta(**data), set(data)
