"""Commands of the workspace: the app (`ui`), the responses it holds, and exporting one."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Optional

import typer

from assistant.cli.shared import _fail, app, err, out
from assistant.errors import SendraftError
from assistant.settings import REPO_ROOT, Settings
from assistant.workspace.signin import hash_password, is_loopback, listen_refusal, sign_in_mode


@app.command()
def ui(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless you mean to share it)."),
    port: int = typer.Option(8501, "--port", min=1, max=65535),
) -> None:
    """Run the forum's workspace (Streamlit) in the browser; usage statistics off."""
    app_path = REPO_ROOT / "ui" / "app.py"
    if not app_path.is_file():
        _fail(f"the app is not at {app_path}: run from a source checkout (`pip install -e .`)")
    settings = Settings()
    mode = sign_in_mode(settings.auth_users, REPO_ROOT)
    refusal = listen_refusal(host, mode)
    if refusal:
        _fail(refusal)
    if not is_loopback(host):
        err.print(f"listening on {host}, behind sign-in ({'OIDC' if mode == 'oidc' else 'passwords from settings'}); "
                  "serve it over HTTPS (a reverse proxy) so passwords and drafts are not sent in the clear")
    settings.ensure_home()
    command = [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.address", host, "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
               "--server.maxUploadSize", str(int(settings.max_file_mb) + 1), "--global.developmentMode", "false", "--client.toolbarMode", "viewer"]
    if not is_loopback(host):
        # Streamlit would otherwise look up this machine's addresses for its banner, one of them
        # by asking checkip.amazonaws.com: egress. The address named here is printed instead.
        command += ["--browser.serverAddress", socket.gethostname() if host in ("0.0.0.0", "::", "") else host]
    err.print(f"the workspace: http://{host}:{port}")
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    os.chdir(REPO_ROOT)
    os.execve(sys.executable, command, env)  # the server replaces this process: a signal to it stops the app


def _workspace():
    from assistant.workspace.service import Workspace

    return Workspace(Settings())


@app.command()
def responses(as_json: bool = typer.Option(False, "--json")) -> None:
    """The responses in the workspace (drafts saved by `sendraft draft` included)."""
    import json

    listed = _workspace().responses()
    if as_json:
        print(json.dumps([r.model_dump() for r in listed], indent=2))
        return
    for r in listed:
        out.print(f"{r.id}  v{r.version}  {r.updated_at}  {r.title}")
    if not listed:
        err.print("no responses yet: `sendraft draft` or the workspace (`sendraft ui`) makes one")


@app.command("export")
def export_response(
    response: str = typer.Argument(..., help="A response's id (or unique prefix, or exact title)."),
    out_path: Path = typer.Option(..., "--out", help="FILE.docx, FILE.md or FILE.json."),
    notes: bool = typer.Option(False, "--notes", help="Include editors' notes."),
    version: Optional[int] = typer.Option(None, "--version", help="An earlier version; default the current one."),
) -> None:
    """Export the current version of a response: rejected points left out, edited and human ones in."""
    from assistant.drafts.export import export

    ws = _workspace()
    try:
        ws.responses()  # imports drafts saved since
        info = ws.drafts.resolve(response)
        draft = ws.drafts.version(info.id, version) if version else ws.drafts.current(info.id)[0]
        written = export(draft, out_path, notes)
    except SendraftError as exc:
        _fail(str(exc))
    err.print(f"wrote {written} ({info.title}, version {version or info.version})")


@app.command()
def passwd(
    name: str = typer.Argument(..., help="The user's name, as recorded with every version they save."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
) -> None:
    """Make a sign-in entry for the shared workspace: prints the line to add under [auth_users] in sendraft.toml."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        _fail("use a password of at least 10 characters")
    if not name.strip() or any(not ch.isprintable() for ch in name) or '"' in name:
        _fail("a user name is printable text without quotes")
    err.print("add this under [auth_users] in sendraft.toml (or SENDRAFT_AUTH_USERS as JSON); only the hash is stored:")
    print(f'"{name.strip()}" = "{hash_password(password)}"')
