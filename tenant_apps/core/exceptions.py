"""Errors services raise. The API renders both in the one error shape (api/exceptions.py)."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the request. `code` is stable; `detail` is for people."""

    status_code = 400

    def __init__(
        self, detail: str, *, code: str = "invalid", fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code
        self.fields = fields or {}


class ConflictError(ApplicationError):
    status_code = 409
