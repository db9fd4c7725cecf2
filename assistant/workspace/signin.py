"""Who may use a shared workspace, and how: pure checks the app and `sendraft ui` share.

Two ways to sign in, chosen by configuration:
- **OIDC** (Streamlit's `st.login`) when `.streamlit/secrets.toml` has an `[auth]` table with a
  provider: the forum's own identity provider (Google, Microsoft, Okta ...) checks people;
- otherwise **passwords** from settings (`auth_users`: name -> scrypt hash, made by
  `sendraft passwd`); a password is never stored or logged, only its salted hash.
Without either, the app serves loopback only: `sendraft ui` refuses any other address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import tomllib
from pathlib import Path
from typing import Literal

Mode = Literal["oidc", "password", "none"]

# scrypt's cost: 2**15 x 8 x 1 takes about 0.1 s and 32 MB, so guessing is slow; stdlib (OpenSSL).
_N, _R, _P = 2**15, 8, 1


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A self-describing salted scrypt hash: `scrypt$N$r$p$salt$hash` (base64)."""
    if not password:
        raise ValueError("an empty password")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024, dklen=32)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches a hash from hash_password; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        if len(expected) != 32:
            return False
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                maxmem=128 * 1024 * 1024, dklen=32)
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


def check_user(users: dict[str, str], name: str, password: str) -> str | None:
    """The user's canonical name when name and password match, else None (the same cost either way)."""
    key = next((u for u in users if u.casefold() == name.strip().casefold()), None)
    stored = users.get(key) if key else None
    ok = verify_password(password, stored or hash_password("x", salt=b"0" * 16))
    return key if ok and stored else None


def oidc_configured(secrets_paths: list[Path]) -> bool:
    """Streamlit's `[auth]` table with a provider (client_id set) in one of its secrets files."""
    for path in secrets_paths:
        try:
            auth = tomllib.loads(path.read_text()).get("auth", {})
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if auth.get("client_id") or any(isinstance(v, dict) and v.get("client_id") for v in auth.values()):
            return True
    return False


def secrets_paths(app_root: Path) -> list[Path]:
    """Where Streamlit looks for secrets.toml: the user's folder and the app's working directory."""
    return [Path.home() / ".streamlit" / "secrets.toml", app_root / ".streamlit" / "secrets.toml"]


def sign_in_mode(users: dict[str, str], app_root: Path) -> Mode:
    if oidc_configured(secrets_paths(app_root)):
        return "oidc"
    return "password" if users else "none"


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen_refusal(host: str, mode: Mode) -> str | None:
    """Why the app must not listen on `host`, or None: beyond loopback only behind sign-in."""
    if is_loopback(host) or mode != "none":
        return None
    return (f"refusing to listen on {host} without sign-in: anyone who can reach it could read and edit the drafts. "
            "Add users with `sendraft passwd NAME` (auth_users in sendraft.toml) or configure an OIDC provider "
            "in .streamlit/secrets.toml ([auth]); see docs/deployment.md")
