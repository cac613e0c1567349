"""Absolute URLs on the public site, from BASE_URL: the same whichever host (or proxy) asked,
so that links in API answers, DCAT and CKAN packages stay stable."""

from django.conf import settings


def absolute(url: str) -> str:
    """``url`` on the public site: a path ("/dataset/x/") gets BASE_URL in front; a URL that
    already has a scheme, or an empty one, is returned as it is."""
    if not url or "://" in url:
        return url
    return settings.BASE_URL + ("" if url.startswith("/") else "/") + url
