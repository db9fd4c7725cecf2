"""`python -m assistant.cli` is `sendraft`."""

from assistant.cli import app

app(prog_name="sendraft")
