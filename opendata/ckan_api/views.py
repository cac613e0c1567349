"""HTTP for CKAN's Action API: /api/3/action/<name> and /api/action/<name>, GET and POST.

The view reads the data dict, calls the action and wraps its result or error in CKAN's
envelope (ckan/views/api.py): ``{"help", "success", "result"}`` or ``{..., "error"}``.
"""

import json
import logging
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from opendata.ckan_api import actions
from opendata.ckan_api.errors import ActionError, BadRequest
from opendata.ckan_api.params import request_data

log = logging.getLogger(__name__)

JSON = "application/json;charset=utf-8"
JAVASCRIPT = "application/javascript;charset=utf-8"
# CKAN only escapes the JSONP callback; a plain JavaScript name is all a caller needs.
CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


def _respond(status: int, body: Any, request: HttpRequest) -> HttpResponse:
    text = json.dumps(body, ensure_ascii=False)
    callback = request.GET.get("callback")
    if status == 200 and callback is not None and request.method == "GET":
        if not CALLBACK.match(callback):
            return _respond(400, "Bad request: JSON Error: Invalid callback name", request)
        return HttpResponse(f"{callback}({text});", content_type=JAVASCRIPT)
    return HttpResponse(text, status=status, content_type=JSON)


@csrf_exempt
@never_cache
def action(request: HttpRequest, logic_function: str) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return _respond(405, "Bad request: Method not allowed: use GET or POST", request)
    function = actions.get_action(logic_function)
    writes = actions.is_write_action(logic_function)
    if function is None and not writes:
        return _respond(400, f"Bad request: Action name not known: {logic_function}", request)
    envelope: dict[str, Any] = {
        "help": f"{settings.BASE_URL}/api/3/action/help_show?name={logic_function}"
    }
    try:
        data = request_data(request, side_effect_free=not writes)
        if writes:
            actions.refuse_write(logic_function)
        result = function(data)
    except BadRequest as error:
        return _respond(error.status, error.body, request)
    except ActionError as error:
        envelope.update(success=False, error=error.error_body())
        return _respond(error.status, envelope, request)
    except Exception:
        log.exception("CKAN API action %s failed", logic_function)
        envelope.update(
            success=False,
            error={"__type": "Internal Server Error", "message": "Internal Server Error"},
        )
        return _respond(500, envelope, request)
    envelope.update(success=True, result=result)
    return _respond(200, envelope, request)


@never_cache
def api_version(request: HttpRequest, ver: int = 1) -> HttpResponse:
    """/api answers version 1 and /api/3 version 3, as CKAN does."""
    return _respond(200, {"version": ver}, request)
