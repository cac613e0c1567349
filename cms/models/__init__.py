from cms.models.pages import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProcedureIndexPage,
    ProcedurePage,
)
from cms.models.snippets import Agency, LegalDocument, Sector, Topic

__all__ = [
    "Agency",
    "HomePage",
    "LegalDocument",
    "NewsIndexPage",
    "NewsPage",
    "ProcedureIndexPage",
    "ProcedurePage",
    "Sector",
    "Topic",
]
