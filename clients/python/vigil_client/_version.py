"""The client's version: the Vigil release it belongs to (the repository's package.json version)."""

__version__ = "0.1.0"
