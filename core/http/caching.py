"""One policy for public reads (GraphQL GETs, /api/search): who may cache an answer, for how
long, and the ETag that lets a client ask again for nothing."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag


def is_anonymous(request: HttpRequest) -> bool:
    """No credentials at all. Checked without reading the session when there is no cookie."""
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def public_read(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Tag ``response`` with an ETag and a Cache-Control, and answer 304 Not Modified when
    the client already holds it.

    Anonymous answers are the same for everyone: shared caches may keep them for
    GRAPHQL_CACHE_SECONDS. A signed-in user's answers may show drafts: private, revalidated.
    """
    set_response_etag(response)
    if is_anonymous(request):
        patch_cache_control(response, public=True, max_age=settings.GRAPHQL_CACHE_SECONDS)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    return conditional if conditional is not None else response
