"""Errors a user can act on: each names the file (or thing) and the problem."""


class SendraftError(Exception):
    """Base for errors shown to the user without a traceback."""


class FrameworkError(SendraftError):
    """The framework file is missing or invalid."""


def printable(text: object) -> str:
    """A file name or other outside text made safe for a terminal or a log line: control
    characters (terminal escapes, NULs, newlines) shown as escapes rather than acted on."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))


class LoadError(SendraftError):
    """A file could not be read into text."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{printable(path)}: {reason}")
        self.path = str(path)
        self.reason = reason


class ManifestError(SendraftError):
    """A corpus manifest is malformed."""


class StoreError(SendraftError):
    """The vector store or catalog could not be reached or is inconsistent."""
