"""Enums of the open-data GraphQL types, made from the models' choices."""

import graphene

from opendata.models import Frequency, Theme

DatasetFrequency = graphene.Enum(
    "DatasetFrequency",
    # Named by their codes, as DCAT-AP and CKAN catalogues spell them.
    [(code, code) for code, _label in Frequency.choices],
    description=(
        "How often a dataset is updated, in the codes of the EU frequency vocabulary "
        "(DCAT-AP): UPDATE_CONT, DAILY, WEEKLY, MONTHLY, QUARTERLY, ANNUAL_2 (twice a year), "
        "ANNUAL, BIENNIAL, IRREG, NEVER (historical data), UNKNOWN."
    ),
)

EuDataTheme = graphene.Enum(
    "EuDataTheme",
    [(code, code) for code, _label in Theme.EUTheme.choices],
    description="A data theme of the EU vocabulary (DCAT-AP), which harvesters map themes to.",
)

# The search service's sort (search.query.SORTS) for opendata.catalogue.search_datasets.
DatasetOrder = graphene.Enum(
    "DatasetOrder",
    [
        ("RELEVANCE", "relevance"),
        ("MODIFIED_DESC", "date"),
        ("CREATED_DESC", "created"),
        ("NAME_ASC", "name"),
        ("TITLE_ASC", "title"),
    ],
    description=(
        "Order of a list of datasets. RELEVANCE (best match first) is the default with "
        "`query`, MODIFIED_DESC without; ties go by the dataset's internal id."
    ),
)
