from cms.models.pages import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    NewsPageLegalDocument,
    NewsPageTopic,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedurePageLegalDocument,
    chosen_links,
)
from cms.models.snippets import Agency, LegalDocument, Sector, Topic

__all__ = [
    "Agency",
    "HomePage",
    "LegalDocument",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageLegalDocument",
    "NewsPageTopic",
    "ProcedureIndexPage",
    "ProcedurePage",
    "ProcedurePageLegalDocument",
    "Sector",
    "Topic",
    "chosen_links",
]
