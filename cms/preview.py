"""Headless preview: a signed, short-lived token that lets a front end read one revision.

The token names a page revision and is signed with SECRET_KEY; it grants nothing else
(no other page, no write) and expires after HEADLESS_PREVIEW_SECONDS (10 minutes).
"""

from django.conf import settings
from django.core import signing
from wagtail.models import Page, Revision

SALT = "minhbach.headless-preview"


class PreviewTokenError(Exception):
    """The token is malformed, forged, expired, or its revision no longer exists."""


def token_lifetime() -> int:
    return settings.HEADLESS_PREVIEW_SECONDS


def issue_token(revision: Revision) -> str:
    return signing.dumps({"r": revision.pk, "p": int(revision.object_id)}, salt=SALT)


def page_for_token(token: str) -> Page:
    """The page as the token's revision has it (a draft, scheduled or in moderation)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=token_lifetime())
    except signing.SignatureExpired as error:
        raise PreviewTokenError("The preview token has expired; issue a new one.") from error
    except signing.BadSignature as error:
        raise PreviewTokenError("The preview token is not valid.") from error
    revision = (
        Revision.page_revisions.filter(pk=payload.get("r"), object_id=str(payload.get("p")))
        .select_related("content_type")
        .first()
    )
    if revision is None:
        raise PreviewTokenError("The previewed revision no longer exists.")
    page = revision.as_object()
    page.is_preview = True  # resolvers read its relations from the revision, not the database
    return page
