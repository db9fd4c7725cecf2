"""Forum Drafting Assistant: cited consultation responses from a local corpus.

Importing the package switches off every library's telemetry and hub access before those
libraries load: nothing leaves the machine unless the user configures a remote model.
"""

from assistant.offline import enforce_offline

enforce_offline()

__version__ = "0.1.0"
