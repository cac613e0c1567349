"""The machine-readable error codes every API of the project answers with.

GraphQL carries them in ``extensions.code``; the JSON endpoints (``/api/search``, the file
downloads, DCAT) in ``error.code`` of their body (core.http.errors). One list, so that a
client handles "BAD_USER_INPUT" or "RATE_LIMITED" the same way wherever it meets it.
"""

from enum import StrEnum


class ErrorCode(StrEnum):
    BAD_REQUEST = "BAD_REQUEST"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
    RANGE_NOT_SATISFIABLE = "RANGE_NOT_SATISFIABLE"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
    RATE_LIMITED = "RATE_LIMITED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    PREVIEW_TOKEN_INVALID = "PREVIEW_TOKEN_INVALID"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
