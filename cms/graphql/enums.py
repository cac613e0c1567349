import graphene

from cms.models import Agency, LegalDocument, ProcedurePage


def _from_choices(name: str, choices, description: str) -> graphene.Enum:
    return graphene.Enum(
        name, [(value.upper(), value) for value, _label in choices], description=description
    )


AgencyKind = _from_choices("AgencyKind", Agency.Kind.choices, "What kind of body an agency is.")
LegalDocumentType = _from_choices(
    "LegalDocumentType", LegalDocument.DocumentType.choices, "Type of a legal document."
)
ApplicantType = _from_choices(
    "ApplicantType", ProcedurePage.ApplicantType.choices, "Who may apply for a procedure."
)
Channel = _from_choices("Channel", ProcedurePage.Channel.choices, "How an application is made.")
ProcessingTimeUnit = _from_choices(
    "ProcessingTimeUnit", ProcedurePage.TimeUnit.choices, "Unit of a processing time."
)
ServiceLevel = graphene.Enum(
    "ServiceLevel",
    [(f"LEVEL_{level}", level) for level, _label in ProcedurePage.SERVICE_LEVELS],
    description=(
        "Online public service level: 1 information only, 2 forms to download, "
        "3 apply online, 4 apply and pay online."
    ),
)
DocumentForm = graphene.Enum(
    "DocumentForm",
    [("ORIGINAL", "original"), ("COPY", "copy"), ("CERTIFIED_COPY", "certified_copy")],
    description="Whether a required document is the original or a (certified) copy.",
)
TableColumnType = graphene.Enum(
    "TableColumnType",
    [("TEXT", "text"), ("NUMBER", "number"), ("DATE", "date"), ("RICH_TEXT", "rich_text")],
)
NewsOrder = graphene.Enum(
    "NewsOrder",
    [
        ("PUBLICATION_DATE_DESC", "-publication_date"),
        ("PUBLICATION_DATE_ASC", "publication_date"),
        ("TITLE_ASC", "title"),
    ],
)
ProcedureOrder = graphene.Enum(
    "ProcedureOrder",
    [("CODE_ASC", "code"), ("TITLE_ASC", "title"), ("SERVICE_LEVEL_DESC", "-service_level")],
)
