"""One error base for earchive: each error carries its exit code and HTTP status.

Third-party errors are translated at the adapter that calls them
(`raise IngestRejected(...) from e`), so callers never parse exception text.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    rejected = 2  # at least one input was rejected; the rest of the batch went on
    bad_args = 3
    not_found = 4
    config = 5
    missing_dependency = 6
    unavailable = 7
    forbidden = 8
    internal = 15


class EarchiveError(Exception):
    exit_code: ExitCode = ExitCode.internal
    http_status: int = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConfigError(EarchiveError):
    exit_code = ExitCode.config


class ProfileError(ConfigError):
    """A scanner profile is malformed; the message names file, key and what is allowed."""


class MissingDependency(EarchiveError):
    exit_code = ExitCode.missing_dependency


class NotFound(EarchiveError):
    exit_code = ExitCode.not_found
    http_status = 404


class Forbidden(EarchiveError):
    exit_code = ExitCode.forbidden
    http_status = 403


class SearchUnavailable(EarchiveError):
    exit_code = ExitCode.unavailable
    http_status = 503


class IngestRejected(EarchiveError):
    """An input file cannot be ingested. `reason` is a stable machine code."""

    exit_code = ExitCode.rejected
    http_status = 422

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


class StoreIntegrityError(EarchiveError):
    """Bytes in the write-once store do not match their recorded SHA-256."""
