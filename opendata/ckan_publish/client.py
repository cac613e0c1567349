"""The one module that talks to CKAN, through ckanapi, and says what went wrong.

Every failure becomes a ``CKANError`` whose ``retryable`` tells the sync what to do:
connection errors, timeouts, 5xx and 429 (with its Retry-After) are worth another try;
a validation error (with CKAN's messages per field), a refused authorisation or any other
4xx will fail the same way again until someone changes the dataset or the configuration.

The same client reads the catalog ``manage.py ckan_import`` migrates from (``for_source``),
so that an import has the publisher's timeouts and error kinds too.
"""

import email.utils
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckanapi
import requests
from ckanapi.errors import CKANAPIError, ServerIncompatibleError

from opendata.ckan_publish.config import Target

USER_AGENT = "minhbach-ckan-publisher/1.0 (+ckanapi)"
READ_ACTIONS = frozenset(
    {
        "package_show",
        "package_search",
        "organization_show",
        "group_show",
        "license_list",
        "status_show",
    }
)
MAX_SEARCH_ROWS = 1000  # CKAN's own ceiling for package_search rows


class CKANError(Exception):
    """A failed call: ``kind`` is one of DatasetSyncState.ErrorKind's values."""

    kind = "unavailable"
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.retry_after = retry_after


class Unavailable(CKANError):
    kind = "unavailable"
    retryable = True


class Invalid(CKANError):
    kind = "invalid"


class NotAuthorised(CKANError):
    kind = "not_authorised"


class NotFound(CKANError):
    kind = "not_found"


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds, from a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdecimal():  # not '²', which isdigit() lets through
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """CKAN's error dict ({"name": [...], "resources": [{}, {"url": [...]}]}) by dotted field."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == "__type":
                continue
            flat |= _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(errors, list) and any(isinstance(item, dict) for item in errors):
        for position, item in enumerate(errors):
            flat |= _flatten(item, f"{prefix}[{position}]")
    elif isinstance(errors, list):
        if errors:
            flat[prefix] = [str(item) for item in errors]
    elif errors:
        flat[prefix] = [str(errors)]
    return flat


class _RemoteCKAN(ckanapi.RemoteCKAN):
    """ckanapi's client, refusing to read an overloaded or failing server's answer as JSON.

    ckanapi folds a 503 or a 429 into a generic error whose status is only in its text;
    raising here keeps the status and the Retry-After header.
    """

    def _check(self, response: requests.Response) -> None:
        if response.status_code == 429 or response.status_code >= 500:
            raise Unavailable(
                f"HTTP {response.status_code} from {response.url}",
                retry_after=_retry_after(response.headers.get("Retry-After")),
            )

    def _request_fn(self, url, data, headers, files, requests_kwargs):
        response = self.session.post(
            url, data=data, headers=headers, files=files, allow_redirects=False, **requests_kwargs
        )
        self._check(response)
        return response.status_code, response.text

    def _request_fn_get(self, url, data_dict, headers, requests_kwargs):
        response = self.session.get(url, params=data_dict, headers=headers, **requests_kwargs)
        self._check(response)
        return response.status_code, response.text


@dataclass
class ReferenceCache:
    """What a client has learnt of its catalog's reference data, so as not to ask again.

    It lives as long as its client (one drain of the outbox, or one admin request): a
    licence list or an organization that changes in CKAN meanwhile is seen on the next one.
    Only names known to exist (or just created) are kept; one found missing is asked again.
    """

    licences: frozenset[str] | None = None  # None: license_list not called yet
    organizations: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)


class CKANClient:
    """Calls on one target's Action API; counts its calls (the benchmark reads them)."""

    def __init__(self, target: Target, timeout: float):
        self.target = target
        self.timeout = timeout
        self.remote = _RemoteCKAN(target.url, apikey=target.token or None, user_agent=USER_AGENT)
        self.write_calls = 0
        self.read_calls = 0
        self.reference = ReferenceCache()

    @classmethod
    def for_source(cls, url: str, token: str, timeout: float) -> "CKANClient":
        """A client for a catalog that is only read from, such as ckan_import's source.

        An empty token reads as the anonymous public does.
        """
        return cls(Target(name="source", url=url.rstrip("/"), token=token), timeout)

    def close(self) -> None:
        self.remote.close()

    def __enter__(self) -> "CKANClient":
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def call(self, action: str, data: dict[str, Any] | None = None, files=None) -> Any:
        if action in READ_ACTIONS:
            self.read_calls += 1
        else:
            self.write_calls += 1
        try:
            return self.remote.call_action(
                action, data or {}, files=files, requests_kwargs={"timeout": self.timeout}
            )
        except CKANError:
            raise
        except requests.Timeout as error:
            raise Unavailable(f"{action}: timed out after {self.timeout:g} s") from error
        except requests.RequestException as error:
            raise Unavailable(f"{action}: {type(error).__name__}: {error}") from error
        except ckanapi.ValidationError as error:
            fields = _flatten(getattr(error, "error_dict", {}))
            message = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
            raise Invalid(message or str(error), fields=fields) from error
        except ckanapi.NotAuthorized as error:
            detail = error.args[0] if error.args else {}
            message = detail.get("message") if isinstance(detail, dict) else str(detail)
            raise NotAuthorised(f"{action}: {message or 'not authorised'}") from error
        except ckanapi.NotFound as error:
            raise NotFound(f"{action}: {error or 'not found'}") from error
        except ServerIncompatibleError as error:
            raise Invalid(f"{action}: the server does not answer as CKAN does: {error}") from error
        except CKANAPIError as error:
            raise Invalid(f"{action}: {error}") from error

    # -------------------------------------------------------------------- shortcuts

    def show(self, action: str, id_or_name: str) -> dict[str, Any] | None:
        """``package_show`` and friends: the dict, or None when CKAN has no such thing."""
        try:
            return self.call(action, {"id": id_or_name})
        except NotFound:
            return None

    def upload(self, action: str, data: dict[str, Any], path: Path, filename: str) -> Any:
        with path.open("rb") as stream:
            return self.call(action, data, files={"upload": (filename, stream)})

    def licence_ids(self) -> frozenset[str]:
        return frozenset(licence["id"] for licence in self.call("license_list"))

    def search_packages(self, rows: int, sort: str = "name asc") -> Iterator[dict[str, Any]]:
        """Every package the catalog's search finds, page after page (``start``, ``rows``).

        Only a source's search is to be trusted: a target's index may lag behind its writes,
        which is why publishing finds packages with package_show instead. A failure names the
        page it happened on, so that a long import can be resumed by hand.
        """
        rows = max(1, min(rows, MAX_SEARCH_ROWS))
        start = 0
        while True:
            try:
                page = self.call("package_search", {"rows": rows, "start": start, "sort": sort})
            except CKANError as error:
                detail = error.message.removeprefix("package_search: ")
                raise type(error)(
                    f"package_search failed at start={start}: {detail}",
                    fields=error.fields,
                    retry_after=error.retry_after,
                ) from error
            if not isinstance(page, dict) or "results" not in page:
                raise Invalid("The source does not answer package_search as CKAN does.")
            yield from page["results"]
            start += len(page["results"])
            if not page["results"] or start >= page.get("count", 0):
                return
