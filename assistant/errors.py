"""Errors a user can act on: each names the file (or thing) and the problem."""


class SendraftError(Exception):
    """Base for errors shown to the user without a traceback."""


class FrameworkError(SendraftError):
    """The framework file is missing or invalid."""


class LoadError(SendraftError):
    """A file could not be read into text."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class ManifestError(SendraftError):
    """A corpus manifest is malformed."""


class StoreError(SendraftError):
    """The vector store or catalog could not be reached or is inconsistent."""
