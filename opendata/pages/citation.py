"""How to cite a dataset: APA 7 and BibTeX, in the language of the page.

APA 7 cites a data set as ``Author. (Year). *Title* (Version v) [Data set]. Publisher. URL``
and leaves the publisher out when it is the author, which it always is here (the publishing
agency). The year is that of the version cited, the last publication; the retrieval date is
given because a dataset changes between versions.
BibTeX uses ``@misc``, which every style knows (biblatex's ``@dataset`` is not in classic
BibTeX), with the agency as a corporate author in double braces so that no style splits it
into first and last names.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opendata.models import Dataset

_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    apa: str  # plain text; the title is in *asterisks*, as in Markdown
    apa_html_title: tuple[str, str, str]  # before, title, after: the page sets it in italics
    bibtex: str


def citation_url(dataset: Dataset, page_url: str) -> str:
    """A DOI's resolver URL when the identifier is a DOI, otherwise the dataset's page."""
    match = _DOI.match(dataset.identifier.strip())
    return f"https://doi.org/{match.group(1)}" if match else page_url


def cite(dataset: Dataset, page_url: str, accessed: datetime.date) -> Citation:
    """The dataset's citations for the current language; ``page_url`` is absolute."""
    language = (get_language() or "vi")[:2]
    author = dataset.publisher.localized_name(language)
    title = dataset.localized_title(language)
    published = dataset.last_published_at or dataset.first_published_at
    year = str(published.year) if published else _("n.d.")
    url = citation_url(dataset, page_url)
    after = ""
    if dataset.version:
        after += " (" + _("Version %(version)s") % {"version": dataset.version} + ")"
    after += " [" + _("Data set") + "]. "
    after += _("Retrieved %(date)s, from %(url)s") % {
        "date": long_date(accessed, language),
        "url": url,
    }
    before = f"{_end_sentence(author)} ({year}). "
    return Citation(
        apa=f"{before}*{title}*{after}",
        apa_html_title=(before, title, after),
        bibtex=bibtex(dataset, author, title, year, url, accessed),
    )


def bibtex(
    dataset: Dataset, author: str, title: str, year: str, url: str, accessed: datetime.date
) -> str:
    fields = [
        ("author", "{" + _latex(author) + "}"),
        ("title", "{" + _latex(title) + "}"),
        ("year", year if year.isdigit() else _latex(year)),
    ]
    if dataset.version:
        fields.append(("version", _latex(dataset.version)))
    fields += [
        ("publisher", _latex(author)),
        ("howpublished", "\\url{" + url + "}"),
        ("url", url),
        ("note", _latex(_("Data set, accessed %(date)s") % {"date": accessed.isoformat()})),
    ]
    key = dataset.name.replace("-", "_") + (f"_{year}" if year.isdigit() else "")
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def long_date(day: datetime.date, language: str) -> str:
    if language == "vi":
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    return f"{day:%B} {day.day}, {day.year}"


def _end_sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


# LaTeX's special characters; the braces of the field delimiters are added afterwards.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex(text: str) -> str:
    return "".join(_LATEX.get(char, char) for char in text)
