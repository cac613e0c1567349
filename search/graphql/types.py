"""The GraphQL types of search that do not depend on which apps are searched."""

import graphene

SearchSort = graphene.Enum(
    "SearchSort",
    [
        ("RELEVANCE", "relevance"),
        ("NEWEST", "date"),
        ("OLDEST", "-date"),
        ("NEWEST_CREATED", "created"),
        ("OLDEST_CREATED", "-created"),
        ("TITLE", "title"),
        ("TITLE_DESC", "-title"),
        ("NAME", "name"),
        ("NAME_DESC", "-name"),
    ],
    description=(
        "Order of search results. RELEVANCE (the default; newest first when there is no "
        "query text); NEWEST/OLDEST by the date of each result (a news item's publication, "
        "a procedure's or dataset's last publication); NEWEST_CREATED/OLDEST_CREATED by "
        "first publication; TITLE/TITLE_DESC alphabetically, diacritics ignored; NAME/"
        "NAME_DESC by slug or dataset name. Results without the value come last."
    ),
)

SearchFacetName = graphene.Enum(
    "SearchFacetName",
    [
        ("TYPE", "type"),
        ("LOCALE", "locale"),
        ("AGENCY", "agency"),
        ("TOPIC", "topic"),
        ("SECTOR", "sector"),
        ("SERVICE_LEVEL", "service_level"),
        ("YEAR", "year"),
        ("FORMAT", "format"),
        ("LICENCE", "licence"),
        ("THEME", "theme"),
        ("TAG", "tag"),
    ],
    description="What search results can be counted by (facets) and narrowed down by.",
)


def _values(description: str) -> graphene.List:
    return graphene.List(graphene.NonNull(graphene.String), description=description)


class SearchFilters(graphene.InputObjectType):
    """Narrow a search down. The values of one filter are alternatives (any of them);
    filters combine (all of them). A facet value is what its filter takes."""

    agency = _values('Agency codes, e.g. ["BTTTT"]: the issuing, handling or publishing one.')
    topic = _values("Topic slugs (news).")
    sector = _values("Sector slugs (procedures).")
    service_level = _values('Online service levels, "1" to "4" (procedures).')
    year = _values('Years of the result\'s date, e.g. ["2024"].')
    format = _values('Resource formats, e.g. ["CSV"] (datasets).')
    licence = _values('Licence ids, e.g. ["CC-BY-4.0"] (datasets).')
    theme = _values("Theme slugs, also CKAN group names (datasets).")
    tag = _values("Tags, exactly (datasets).")


class SearchHighlights(graphene.ObjectType):
    """Snippets of the result with the words that matched in <mark>…</mark>: HTML, with
    everything else escaped, safe to insert as it is."""

    title = graphene.String(required=True, description="The whole title.")
    summary = graphene.String(
        required=True, description="Up to about 240 characters of the summary."
    )
    body = graphene.String(
        description="Up to about 240 characters around the first match in the body; null "
        "when nothing matched there."
    )


class SearchFacetValue(graphene.ObjectType):
    value = graphene.String(required=True, description="What the filter of this name takes.")
    label = graphene.String(required=True, description="What to show a person.")
    count = graphene.Int(required=True, description="Results with this value.")


class SearchFacet(graphene.ObjectType):
    name = graphene.Field(SearchFacetName, required=True)
    values = graphene.List(
        graphene.NonNull(SearchFacetValue),
        required=True,
        description="Most frequent first (at most 50).",
    )
