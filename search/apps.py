from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        # Each app declares what it indexes in its own ``search_documents`` module;
        # ``search`` imports none of them by name.
        autodiscover_modules("search_documents")
        from search import signals

        signals.connect()
