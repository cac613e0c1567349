from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: GraphQL machinery, HTTP policy and Vietnamese text; no models and
    no import of a project app."""

    name = "core"
    verbose_name = "Core"
