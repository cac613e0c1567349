"""GraphQL errors that carry a machine-readable ``extensions.code``."""

from graphql import GraphQLError

from core.errors import ErrorCode


def api_error(message: str, code: ErrorCode, **extensions: object) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code.value, **extensions})


def bad_user_input(message: str, **extensions: object) -> GraphQLError:
    return api_error(message, ErrorCode.BAD_USER_INPUT, **extensions)


def unavailable(
    message: str = "This service is unavailable for a moment; try again later.",
) -> GraphQLError:
    """A backing service (the search cluster) is down or busy: the client may retry."""
    return api_error(message, ErrorCode.SERVICE_UNAVAILABLE)


def not_found(message: str) -> GraphQLError:
    return api_error(message, ErrorCode.NOT_FOUND)


def require_exactly_one(what: str, **arguments: object) -> str:
    """The name of the one argument given (truthy) among ``arguments``, in GraphQL spelling.

    Raises BAD_USER_INPUT "Give exactly one of a, b or c to find <what>." otherwise.
    """
    given = [name for name, value in arguments.items() if value]
    if len(given) != 1:
        names = list(arguments)
        listed = f"{', '.join(names[:-1])} or {names[-1]}"
        raise bad_user_input(f"Give exactly one of {listed} to find {what}.")
    return given[0]
