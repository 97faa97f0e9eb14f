"""One error family for every stage, each carrying what failed and a hint to fix it."""

from __future__ import annotations

import click


class DigestError(click.ClickException):
    """Base of every error digest reports to the user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.hint = hint
        super().__init__(f"{message}\n  hint: {hint}" if hint else message)


class ConfigError(DigestError):
    """The configuration file is missing, malformed or has wrong keys or types."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"invalid configuration in {path}:\n{lines}",
            hint="see the Configuration section of README.md for every key and its type",
        )


class SourceError(DigestError):
    """A source could not be read."""

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"source {source!r}: {reason}", hint=hint)


class TemplateError(DigestError):
    """A template is missing or broken."""


class DeliveryError(DigestError):
    """A message could not be delivered."""

    def __init__(self, recipient: str, reason: str, *, hint: str | None = None) -> None:
        self.recipient = recipient
        self.reason = reason
        super().__init__(f"delivery to {recipient}: {reason}", hint=hint)


class StoreError(DigestError):
    """The database could not be opened or used."""
