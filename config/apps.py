from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The roof: knows every app, and wires what crosses them (the response cache's
    invalidation) once they are all loaded."""

    name = "config"
    verbose_name = "minhbach"

    def ready(self) -> None:
        from config import signals

        signals.connect()
