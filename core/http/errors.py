"""The one JSON error body of the project's plain-JSON endpoints.

``{"error": {"status": 404, "code": "NOT_FOUND", "message": "...", ...}}``: the HTTP status
again (for clients that only keep the body), a code from core.errors.ErrorCode to branch
on, a message for people, and whatever the endpoint adds (``retryAfter``, ``formats``).
The CKAN API keeps CKAN's own envelope and GraphQL its ``errors`` list: their clients
expect those.
"""

from typing import Any

from django.http import JsonResponse

from core.errors import ErrorCode


def error_body(status: int, code: ErrorCode, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "code": str(code), "message": message, **extra}}


def json_error(
    status: int,
    code: ErrorCode,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JsonResponse:
    """A JSON response with the error body; ``headers`` go on the response (Allow, Retry-After)."""
    return JsonResponse(
        error_body(status, code, message, **extra),
        status=status,
        headers=headers,
        json_dumps_params={"ensure_ascii": False},
    )
