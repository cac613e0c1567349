"""``/graphql/``: the public read API, bounded, cached and rate limited.

The order of the checks is the order of their cost: the client's rate, the size of the
request, the response cache, then parsing, validation (with the depth and cost bounds)
and execution. Every failure is a GraphQL-shaped JSON body whose errors carry a code.
"""

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView
from graphql import GraphQLError, OperationType, execute, get_operation_ast, parse, validate
from graphql.validation import specified_rules

from core.errors import ErrorCode
from core.graphql import cache
from core.graphql.formatting import BAD_REQUEST, error_body, format_error, internal_error
from core.graphql.validation import NoIntrospection, max_cost_rule, max_depth_rule
from core.http.caching import public_read
from core.http.ratelimit import check_rate_limit

logger = logging.getLogger("core.graphql")

JSON_TYPES = {"application/json", "application/graphql-response+json"}


class RequestError(Exception):
    """A request GraphQL cannot even start on: answered with ``status`` and one error."""

    def __init__(self, status: int, message: str, code: str, **extensions: Any):
        super().__init__(message)
        self.status, self.code, self.extensions = status, code, extensions


def bounds_rules(variables: Any) -> list:
    rules = [
        *specified_rules,
        max_depth_rule(settings.GRAPHQL_MAX_DEPTH),
        max_cost_rule(settings.GRAPHQL_MAX_COST, variables),
    ]
    if not settings.GRAPHQL_INTROSPECTION:
        rules.append(NoIntrospection)
    return rules


class BoundedGraphQLView(GraphQLView):
    graphiql = True

    @classmethod
    def as_view(cls, **initkwargs):
        # A public read API: no session, so nothing for a cross-site request to forge.
        return csrf_exempt(super().as_view(**initkwargs))

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return self.respond(request)
        except RequestError as error:
            response = self.json_response(
                error_body(str(error), error.code, **error.extensions), error.status
            )
        except Exception:  # never a 500 page nor a traceback for the client
            logger.exception("GraphQL request failed")
            response = self.json_response({"errors": [internal_error()], "data": None}, 200)
        return response

    def respond(self, request: HttpRequest) -> HttpResponse:
        if request.method not in {"GET", "POST"}:
            response = self.json_response(
                error_body("GraphQL takes GET and POST requests.", BAD_REQUEST), 405
            )
            response["Allow"] = "GET, POST"
            return response
        retry_after = check_rate_limit(request)
        if retry_after is not None:
            response = self.json_response(
                error_body(
                    f"Too many requests; retry in {retry_after} s.",
                    ErrorCode.RATE_LIMITED,
                    retryAfter=retry_after,
                ),
                429,
            )
            response["Retry-After"] = str(retry_after)
            return response
        if (
            request.method == "GET"
            and self.request_wants_html(request)
            and "raw" not in request.GET
        ):
            return self.graphiql_page(request)

        query, variables, operation_name = self.graphql_params(request)
        if len(query.encode()) > settings.GRAPHQL_MAX_QUERY_BYTES:
            raise RequestError(
                413,
                f"The query is longer than {settings.GRAPHQL_MAX_QUERY_BYTES} bytes.",
                ErrorCode.QUERY_TOO_LARGE,
                maxBytes=settings.GRAPHQL_MAX_QUERY_BYTES,
            )

        cache_key = None
        if cache.can_cache(request, query, variables):
            cache_key = cache.cache_key(request, query, variables, operation_name)
            hit = cache.get_response(cache_key)
            if hit is not None:
                body, status = hit
                return self.finish(request, HttpResponse(body, status=status), cacheable=True)

        body, status, cacheable = self.run(request, query, variables, operation_name)
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        if cache_key is not None and cacheable:
            cache.store_response(cache_key, content, status)
        return self.finish(request, HttpResponse(content, status=status), cacheable=cacheable)

    def graphql_params(self, request: HttpRequest) -> tuple[str, Any, str | None]:
        if request.method == "GET":
            data: Any = request.GET
        else:
            data = self.post_data(request)
        query = data.get("query")
        variables = data.get("variables")
        operation_name = data.get("operationName") or None
        if not isinstance(query, str) or not query.strip():
            raise RequestError(400, "Give a GraphQL query in `query`.", BAD_REQUEST)
        if isinstance(variables, str):
            try:
                variables = json.loads(variables) if variables.strip() else None
            except (ValueError, RecursionError):
                raise RequestError(400, "`variables` is not valid JSON.", BAD_REQUEST) from None
        if variables is not None and not isinstance(variables, dict):
            raise RequestError(400, "`variables` must be a JSON object.", BAD_REQUEST)
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestError(400, "`operationName` must be a string.", BAD_REQUEST)
        return query, variables, operation_name

    def post_data(self, request: HttpRequest) -> dict:
        content_type = self.get_content_type(request)
        try:
            raw = request.body
        except RequestDataTooBig:
            raise RequestError(
                413, "The request body is too large.", ErrorCode.QUERY_TOO_LARGE
            ) from None
        if content_type == "application/graphql":
            return {"query": raw.decode("utf-8", errors="replace")}
        if content_type not in JSON_TYPES:
            raise RequestError(
                415 if content_type else 400,
                "Send the request as application/json: "
                '{"query": "...", "variables": {...}, "operationName": "..."}.',
                BAD_REQUEST,
            )
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise RequestError(400, "The request body is not valid JSON.", BAD_REQUEST) from None
        except RecursionError:
            # Thousands of nested arrays or objects: deeper than any GraphQL request.
            raise RequestError(400, "The request body nests too deeply.", BAD_REQUEST) from None
        if isinstance(data, list):
            raise RequestError(400, "Batched requests are not supported.", BAD_REQUEST)
        if not isinstance(data, dict):
            raise RequestError(400, "The request body must be a JSON object.", BAD_REQUEST)
        return data

    def run(
        self, request: HttpRequest, query: str, variables: Any, operation_name: str | None
    ) -> tuple[dict, int, bool]:
        """Parse, validate, execute: (body, HTTP status, whether the body may be cached)."""
        schema = self.schema.graphql_schema
        try:
            document = parse(query)
        except GraphQLError as error:
            return {"errors": [format_error(error)]}, 400, False
        operation = get_operation_ast(document, operation_name)
        if (
            request.method == "GET"
            and operation is not None
            and operation.operation != OperationType.QUERY
        ):
            raise RequestError(
                405, f"A {operation.operation.value} must be sent with POST.", BAD_REQUEST
            )
        errors = validate(schema, document, bounds_rules(variables))
        if errors:
            body = {
                "errors": [
                    format_error(error, ErrorCode.GRAPHQL_VALIDATION_FAILED) for error in errors
                ]
            }
            return body, 400, False
        result = execute(
            schema,
            document,
            root_value=self.get_root_value(request),
            context_value=self.get_context(request),
            variable_values=variables,
            operation_name=operation_name,
            middleware=self.get_middleware(request),
        )
        if result.errors and result.data is None and all(e.path is None for e in result.errors):
            # Before execution began: variables that do not coerce, an unknown operation.
            body = {
                "errors": [
                    format_error(error, ErrorCode.GRAPHQL_VALIDATION_FAILED)
                    for error in result.errors
                ]
            }
            return body, 400, False
        body: dict[str, Any] = {}
        if result.errors:
            body["errors"] = [format_error(error) for error in result.errors]
        body["data"] = result.data
        internal = any(
            e["extensions"]["code"] == ErrorCode.INTERNAL_SERVER_ERROR
            for e in body.get("errors", [])
        )
        return body, 200, not internal

    def finish(self, request: HttpRequest, response: HttpResponse, cacheable: bool):
        response["Content-Type"] = "application/json"
        patch_vary_headers(response, ["Accept"])
        if request.method != "GET" or response.status_code != 200 or not cacheable:
            return response
        return public_read(request, response)

    def graphiql_page(self, request: HttpRequest) -> HttpResponse:
        return self.render_graphiql(
            request,
            whatwg_fetch_version=self.whatwg_fetch_version,
            whatwg_fetch_sri=self.whatwg_fetch_sri,
            react_version=self.react_version,
            react_sri=self.react_sri,
            react_dom_sri=self.react_dom_sri,
            graphiql_version=self.graphiql_version,
            graphiql_sri=self.graphiql_sri,
            graphiql_css_sri=self.graphiql_css_sri,
            subscriptions_transport_ws_version=self.subscriptions_transport_ws_version,
            subscriptions_transport_ws_sri=self.subscriptions_transport_ws_sri,
            graphiql_plugin_explorer_version=self.graphiql_plugin_explorer_version,
            graphiql_plugin_explorer_sri=self.graphiql_plugin_explorer_sri,
            graphiql_plugin_explorer_css_sri=self.graphiql_plugin_explorer_css_sri,
            subscription_path=self.subscription_path,
            graphiql_header_editor_enabled=graphene_settings.GRAPHIQL_HEADER_EDITOR_ENABLED,
            graphiql_should_persist_headers=graphene_settings.GRAPHIQL_SHOULD_PERSIST_HEADERS,
            graphiql_input_value_deprecation=graphene_settings.GRAPHIQL_INPUT_VALUE_DEPRECATION,
        )

    @staticmethod
    def json_response(body: dict, status: int) -> HttpResponse:
        return HttpResponse(
            json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
        )
