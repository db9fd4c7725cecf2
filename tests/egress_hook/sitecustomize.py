"""Loaded by every Python subprocess a no-egress test starts (PYTHONPATH), where strace is not
available: records each socket connection or name lookup beyond loopback to SENDRAFT_EGRESS_LOG
in strace's format, and refuses it. Python's audit hooks see every socket the interpreter
opens, including those of libraries (telemetry clients, model hubs, HTTP clients)."""

import ipaddress
import os
import socket
import sys

_LOG = os.environ.get("SENDRAFT_EGRESS_LOG")


def _loopback(host) -> bool:
    if host in (None, "", "localhost") or str(host).endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _hook(event, args):
    if event == "socket.connect":
        sock, address = args
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or _loopback(address[0]):
            return
        what = f'connect(audit, {{sa_family={sock.family.name}, addr("{address[0]}"), port={address[1]}}}) = refused'
    elif event == "socket.getaddrinfo":
        if _loopback(args[0]):
            return
        what = f'getaddrinfo("{args[0]}", {args[1]}) = refused'
    else:
        return
    with open(_LOG, "a") as fh:
        fh.write(f"{os.getpid()} {what}\n")
    raise ConnectionRefusedError(f"egress refused by the no-egress test: {what}")


if _LOG:
    sys.addaudithook(_hook)
