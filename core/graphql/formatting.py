"""Every error the API returns is a GraphQL error with an ``extensions.code``.

Errors raised on purpose (``core.graphql.errors``, the bounds in ``validation``) keep their
code. The rest get one from where they happened: the parser (GRAPHQL_PARSE_FAILED), the
validation or variable coercion before execution (GRAPHQL_VALIDATION_FAILED), or anything
unexpected (INTERNAL_SERVER_ERROR, with a generic message: the exception and its
traceback go to the server log, never to the client).
"""

import logging
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError

from core.errors import ErrorCode

logger = logging.getLogger("core.graphql")

# For requests that never reach GraphQL: malformed JSON, a wrong content type, no query.
BAD_REQUEST = ErrorCode.BAD_REQUEST.value
INTERNAL_MESSAGE = "Internal server error."


def error_code(error: BaseException) -> str | None:
    code = (getattr(error, "extensions", None) or {}).get("code")
    return str(code) if code else None


def format_error(
    error: BaseException, default_code: str = ErrorCode.INTERNAL_SERVER_ERROR
) -> dict[str, Any]:
    """The error as the response's ``errors`` list shows it."""
    if not isinstance(error, GraphQLError):
        logger.error("GraphQL request failed", exc_info=error)
        return internal_error()
    original = error.original_error
    code = error_code(error) or (error_code(original) if original is not None else None)
    if code is None and original is not None and not isinstance(original, GraphQLError):
        logger.error(
            "GraphQL resolver failed at %s",
            error.path,
            exc_info=(type(original), original, original.__traceback__),
        )
        formatted = internal_error()
        if error.path is not None:
            formatted["path"] = error.path
        return formatted
    if code is None:
        code = (
            ErrorCode.GRAPHQL_PARSE_FAILED
            if isinstance(error, GraphQLSyntaxError)
            else default_code
        )
    formatted = dict(error.formatted)
    formatted["extensions"] = {**(error.extensions or {}), "code": str(code)}
    return formatted


def internal_error() -> dict[str, Any]:
    return {"message": INTERNAL_MESSAGE, "extensions": {"code": ErrorCode.INTERNAL_SERVER_ERROR}}


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """A whole response body with one error, for failures outside GraphQL execution."""
    return {"errors": [{"message": message, "extensions": {"code": str(code), **extensions}}]}
