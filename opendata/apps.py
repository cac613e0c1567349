from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = "Dữ liệu mở"

    def ready(self) -> None:
        from opendata import signals

        signals.connect()
