"""Enums every app's GraphQL shares."""

import graphene
from django.conf import settings


def value_of(argument):
    """The value behind an enum argument.

    graphene 3 passes a given enum argument to resolvers as the Python enum member, but a
    default value as it was declared (the plain value): accept both.
    """
    return getattr(argument, "value", argument)


LocaleEnum = graphene.Enum(
    "Locale",
    [(code.upper(), code) for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES],
    description="A content language: VI (Vietnamese, the default) or EN.",
)
