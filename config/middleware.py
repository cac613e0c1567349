from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class AdminLanguageMiddleware:
    """Serve the Wagtail admin in Vietnamese unless the user picked another language.

    LocaleMiddleware would follow the browser's Accept-Language, which gives English to
    most officials' browsers; a user's own preference (account settings) still wins,
    because Wagtail applies it inside its admin views after this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/admin/"):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
