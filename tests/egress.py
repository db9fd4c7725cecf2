"""Watching a subprocess for egress at the socket level: every connect(2) it (or any child,
native code included) makes is traced with strace when the machine allows it; otherwise an
audit hook in the subprocess's Python records and refuses connections. A test then asserts
that nothing but loopback and local sockets was reached."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

HOOK = Path(__file__).resolve().parent / "egress_hook"
_ADDRESS = re.compile(r'sa_family=(AF_INET6?)[^}]*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")')


@cache
def strace_works() -> bool:
    """strace installed and ptrace allowed (some containers forbid it)."""
    if not shutil.which("strace") or os.environ.get("SENDRAFT_TEST_EGRESS") == "audit":
        return False
    try:
        return subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", "/dev/null", "true"],
                              capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def watched(command: list[str], env: dict[str, str], log: Path) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run `command` with its connections logged to `log`."""
    log.unlink(missing_ok=True)
    if strace_works():
        return ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(log), *command], env
    path = str(HOOK) + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return command, {**env, "PYTHONPATH": path, "SENDRAFT_EGRESS_LOG": str(log)}


def egress(log: Path) -> list[str]:
    """Lines of the log that reach beyond loopback (an empty list: no egress)."""
    if not log.exists():
        return []
    found = []
    for line in log.read_text(errors="replace").splitlines():
        if "refused" in line and ("audit" in line or "getaddrinfo" in line):
            found.append(line)
            continue
        match = _ADDRESS.search(line)
        if match and not ipaddress.ip_address(match.group(2) or match.group(3)).is_loopback:
            found.append(line)
    return found
