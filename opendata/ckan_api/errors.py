"""The errors of CKAN's Action API, with the HTTP status and the body CKAN 2.11 gives each.

Actions raise these; the view turns them into ``{"help", "success": false, "error"}``
(ckan/views/api.py ``action``). ``BadRequest`` is the odd one: CKAN answers it with a bare
JSON string, not the usual envelope.
"""

from typing import Any


class ActionError(Exception):
    """An error an action reports to the caller."""

    status = 500
    error_type = "Internal Server Error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def error_body(self) -> dict[str, Any]:
        return {"__type": self.error_type, "message": self.message}


class NotFound(ActionError):
    """404; CKAN's message is "Not found" or "Not found: <detail>"."""

    status = 404
    error_type = "Not Found Error"

    def error_body(self) -> dict[str, Any]:
        message = f"Not found: {self.message}" if self.message else "Not found"
        return {"__type": self.error_type, "message": message}


class NotAuthorized(ActionError):
    status = 403
    error_type = "Authorization Error"

    def error_body(self) -> dict[str, Any]:
        message = f"Access denied: {self.message}" if self.message else "Access denied"
        return {"__type": self.error_type, "message": message}


class ValidationError(ActionError):
    """409 with CKAN's error dict: ``{field: [messages]}`` or ``{"message": text}``."""

    status = 409
    error_type = "Validation Error"

    def __init__(self, errors: dict[str, Any] | str) -> None:
        self.errors = errors if isinstance(errors, dict) else {"message": errors}
        super().__init__(str(self.errors))

    def error_body(self) -> dict[str, Any]:
        return {**self.errors, "__type": self.error_type}


class SearchQueryError(ActionError):
    """400: a search CKAN refuses before asking Solr (bad sort spec, unknown parameter, ...)."""

    status = 400
    error_type = "Search Query Error"

    def error_body(self) -> dict[str, Any]:
        # CKAN formats the exception's args with %r: the message appears quoted.
        return {"__type": self.error_type, "message": f"Search Query is invalid: {self.message!r}"}


class SearchError(ActionError):
    """409: a search Solr could not run (a syntax error in q or fq, an undefined field)."""

    status = 409
    error_type = "Search Error"

    def error_body(self) -> dict[str, Any]:
        return {"__type": self.error_type, "message": f"Search error: {self.message!r}"}


class BadRequest(Exception):
    """400 answered with the JSON string "Bad request: <detail>", as CKAN 2.12 does."""

    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.body = f"Bad request: {detail}"


def missing(*fields: str) -> ValidationError:
    return ValidationError({field: ["Missing value"] for field in fields})
