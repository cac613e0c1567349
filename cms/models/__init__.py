from cms.models.pages import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProcedureIndexPage,
    ProcedurePage,
)
from cms.models.snippets import Agency, LegalDocument, LocalizedNameMixin, Sector, Topic

__all__ = [
    "Agency",
    "HomePage",
    "LegalDocument",
    "LocalizedNameMixin",
    "NewsIndexPage",
    "NewsPage",
    "ProcedureIndexPage",
    "ProcedurePage",
    "Sector",
    "Topic",
]
