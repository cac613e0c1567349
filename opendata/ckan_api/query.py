"""``q``, ``fq`` and ``fq_list`` as Solr reads them, mapped onto what the catalogue can ask.

CKAN hands these parameters to Solr's standard query parser (with ``q.op=AND``). minhbach
has no Solr: luqum, a maintained Lucene query grammar, parses them, and this module maps the
tree onto the catalogue's search (opendata.catalogue.search_datasets) or says which clause
it cannot express, instead of silently answering a different question:

* free words and "quoted phrases" (every one must match, diacritics ignored), also as
  ``text:``, ``title:`` and ``notes:``;
* ``field:value``, ``field:"quoted value"``, ``field:(a OR b)`` and ``a:x OR a:y`` for the
  filters (organization, owner_org, groups, tags, res_format, license_id) and for ``name``
  (also with ``*`` and ``?`` wildcards) and ``id``;
* ``-field:value``, ``NOT field:value``, ``!field:value`` and ``-field:(a OR b)`` for the
  filters: datasets with any of those values are left out;
* ranges on ``metadata_modified`` and ``metadata_created``: ``[a TO b]``, ``{a TO b}``, mixed
  brackets, ``*`` for an open end, and Solr's dates and date math (``NOW-1DAY``,
  ``NOW/DAY``, ``2025-01-01T00:00:00Z+1MONTH``) evaluated on the clock the caller passes;
* constant fields (``type:dataset``, ``state:active``, ...), ``*:*``; clauses joined by spaces,
  ``AND``, ``&&`` or ``+``, boosts and fuzziness ignored (they order, they do not select).

A syntax error is Solr's failure, hence CKAN's "Search Error" (409), and so is an unknown
field or an invalid date; valid Solr the catalogue cannot express (OR across different
fields, a negated word or range, a range on another field) is a "Search Query Error" (400)
whose message quotes the clause.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from luqum import tree
from luqum.exceptions import IllegalCharacterError, ParseError
from luqum.thread import parse as lucene_parse

from opendata.ckan_api.errors import SearchError, SearchQueryError

# Fields that filter the catalogue, as CKAN's Solr schema names them.
FILTER_FIELDS = ("organization", "owner_org", "groups", "tags", "res_format", "license_id")
# Fields that pick datasets by identity.
IDENTITY_FIELDS = ("name", "id")
# Fields searched as free text (the catalogue has one folded text per dataset).
TEXT_FIELDS = ("text", "title", "notes")
# Date fields that take ranges.
DATE_FIELDS = ("metadata_modified", "metadata_created")
# Fields whose value is the same for every dataset the public sees; other values match none.
CONSTANT_FIELDS = {
    "type": "dataset",
    "dataset_type": "dataset",
    "entity_type": "package",
    "state": "active",
    "capacity": "public",
    "private": "false",
}
IGNORED_FIELDS = ("site_id",)  # the one site there is
# Single-valued per dataset: two different required values mean no match at all.
SINGLE_VALUED = ("organization", "owner_org", "license_id", "name", "id")
# A parser's budget: longer parameters, or deeper nesting, are refused before any work.
MAX_LENGTH = 4000
MAX_DEPTH = 20

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Range:
    """A range of moments (UTC); None is an open end."""

    start: datetime | None = None
    end: datetime | None = None
    include_start: bool = True
    include_end: bool = True

    def intersect(self, other: Range) -> Range:
        start, include_start = self.start, self.include_start
        if other.start is not None and (start is None or other.start > start):
            start, include_start = other.start, other.include_start
        elif other.start is not None and other.start == start:
            include_start = include_start and other.include_start
        end, include_end = self.end, self.include_end
        if other.end is not None and (end is None or other.end < end):
            end, include_end = other.end, other.include_end
        elif other.end is not None and other.end == end:
            include_end = include_end and other.include_end
        return Range(start, end, include_start, include_end)

    @property
    def is_empty(self) -> bool:
        if self.start is None or self.end is None:
            return False
        if self.start == self.end:
            return not (self.include_start and self.include_end)
        return self.start > self.end


@dataclass
class SearchSpec:
    """What a ``q`` and ``fq`` ask for: all of it must hold."""

    words: list[str] = field(default_factory=list)  # words and "quoted phrases"
    # field -> the values a dataset may have (one of them), from every clause on that field
    filters: dict[str, list[str]] = field(default_factory=dict)
    # field -> values a dataset must have none of
    excluded: dict[str, list[str]] = field(default_factory=dict)
    # metadata_modified / metadata_created -> the range it must lie in
    ranges: dict[str, Range] = field(default_factory=dict)
    name_patterns: list[str] = field(default_factory=list)  # name:abc* (each must match)
    # True when a constant field or two exclusive values rule out every dataset
    matches_nothing: bool = False

    def require(self, name: str, values: list[str], clause: str) -> None:
        if name not in self.filters:
            self.filters[name] = list(dict.fromkeys(values))
            return
        if name in SINGLE_VALUED:
            kept = [value for value in self.filters[name] if value in values]
            self.filters[name] = kept
            self.matches_nothing |= not kept
            return
        if set(self.filters[name]) != set(values):
            raise SearchQueryError(
                f"Several {name}: clauses that must all hold are not supported ({clause}); "
                f"use {name}:(a OR b) for either value"
            )

    def exclude(self, name: str, values: list[str]) -> None:
        self.excluded[name] = list(dict.fromkeys([*self.excluded.get(name, []), *values]))

    def within(self, name: str, wanted: Range) -> None:
        known = self.ranges.get(name)
        self.ranges[name] = wanted if known is None else known.intersect(wanted)
        self.matches_nothing |= self.ranges[name].is_empty


# ---------------------------------------------------------------------------- dates

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z", re.ASCII)
_MATH = re.compile(r"([+-])(\d+)([A-Z]+)|/([A-Z]+)", re.ASCII)
_UNITS = {
    "YEAR": "year", "YEARS": "year", "MONTH": "month", "MONTHS": "month",
    "DAY": "day", "DAYS": "day", "DATE": "day", "HOUR": "hour", "HOURS": "hour",
    "MINUTE": "minute", "MINUTES": "minute", "SECOND": "second", "SECONDS": "second",
    "MILLI": "milli", "MILLIS": "milli", "MILLISECOND": "milli", "MILLISECONDS": "milli",
}  # fmt: skip
_FIXED = {
    "day": timedelta(days=1),
    "hour": timedelta(hours=1),
    "minute": timedelta(minutes=1),
    "second": timedelta(seconds=1),
    "milli": timedelta(milliseconds=1),
}


def _add_months(moment: datetime, months: int) -> datetime:
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _round(moment: datetime, unit: str) -> datetime:
    if unit == "milli":
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    parts = ["month", "day", "hour", "minute", "second", "microsecond"]
    keep = {"year": 0, "month": 1, "day": 2, "hour": 3, "minute": 4, "second": 5}[unit]
    reset = {name: (1 if name in ("month", "day") else 0) for name in parts[keep:]}
    return moment.replace(**reset)


def solr_date(value: str, now: Clock) -> datetime:
    """A Solr date (``2025-01-01T00:00:00Z``, ``NOW``) with date math, in UTC."""
    if value.startswith("NOW"):
        moment, rest = now().astimezone(UTC), value[3:]
    else:
        match = _DATE.match(value)
        if match is None:
            raise SearchError(f"Invalid Date String:'{value}'")
        year, month, day, hour, minute, second, fraction = match.groups()
        try:
            moment = datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second),
                int((fraction or "0")[:6].ljust(6, "0")), tzinfo=UTC,
            )  # fmt: skip
        except ValueError:
            raise SearchError(f"Invalid Date String:'{value}'") from None
        rest = value[match.end() :]
    position = 0
    try:
        while position < len(rest):
            step = _MATH.match(rest, position)
            if step is None:
                raise SearchError(f"Invalid Date Math String:'{value}'")
            sign, amount, unit_name, rounding = step.groups()
            unit = _UNITS.get(unit_name or rounding)
            if unit is None:
                raise SearchError(f"Invalid Date Math String:'{value}'")
            if rounding:
                moment = _round(moment, unit)
            else:
                count = int(amount) * (-1 if sign == "-" else 1)
                if unit in ("year", "month"):
                    moment = _add_months(moment, count * (12 if unit == "year" else 1))
                else:
                    moment = moment + _FIXED[unit] * count
            position = step.end()
    except OverflowError:
        raise SearchError(f"Invalid Date Math String:'{value}'") from None
    return moment


# ---------------------------------------------------------------------------- the tree


def parse(
    text: str,
    spec: SearchSpec | None = None,
    *,
    parameter: str = "q",
    now: Clock = lambda: datetime.now(UTC),
) -> SearchSpec:
    """Add what ``text`` (a q, an fq or an item of fq_list) asks for to ``spec``."""
    spec = spec or SearchSpec()
    stripped = text.strip()
    if stripped in ("", "*:*", "*", '""', "''"):
        return spec
    if len(stripped) > MAX_LENGTH:
        raise SearchQueryError(f"{parameter} is too long: at most {MAX_LENGTH} characters")
    if stripped.count("(") > MAX_DEPTH:
        raise SearchQueryError(f"{parameter} nests too deeply: at most {MAX_DEPTH} groups")
    try:
        root = lucene_parse(_lucene_operators(stripped))
    except IllegalCharacterError as error:
        where = re.search(r"at position (\d+)", str(error))
        position = f" at position {where.group(1)}" if where else ""
        raise SearchError(
            f"Cannot parse {parameter}: unexpected character{position} (an unbalanced quote?)"
        ) from None
    except (ParseError, RecursionError, ValueError, TypeError) as error:
        raise SearchError(f"Cannot parse {parameter}: {error}") from None
    _Mapper(spec, now).conjunct(root)
    return spec


# Solr's other spellings of AND, OR and NOT (&&, ||, a leading !), outside quoted phrases.
_SPELLINGS = re.compile(r'"(?:\\.|[^"\\])*"|(?<![^\s(])(&&|\|\|)(?=[\s(])|(?<![^\s(])!(?=[^\s!])')
_WORDS = {"&&": "AND", "||": "OR"}


def _lucene_operators(text: str) -> str:
    """Solr's ``&&``, ``||`` and ``!`` as the words luqum's grammar knows."""

    def spelt(match: re.Match) -> str:
        if match.group(0).startswith('"'):
            return match.group(0)
        if match.group(1):
            return _WORDS[match.group(1)]
        return "NOT "

    return _SPELLINGS.sub(spelt, text)


def _clause(node: tree.Item) -> str:
    return str(node).strip()


def _unwrap(node: tree.Item) -> tree.Item:
    """Groups, boosts and fuzziness select the same datasets as what they hold."""
    while True:
        if isinstance(node, tree.Group | tree.FieldGroup | tree.Boost):
            node = node.expr
        elif isinstance(node, tree.Fuzzy | tree.Proximity):
            node = node.term
        else:
            return node


class _Mapper:
    def __init__(self, spec: SearchSpec, now: Clock) -> None:
        self.spec = spec
        self.now = now

    # A conjunction: every operand must hold (AND, implicit AND as q.op=AND, +, groups).
    def conjunct(self, node: tree.Item) -> None:
        node = _unwrap(node)
        if isinstance(node, tree.AndOperation | tree.UnknownOperation):
            for operand in node.operands:
                self.conjunct(operand)
        elif isinstance(node, tree.Plus):
            self.conjunct(node.a)
        elif isinstance(node, tree.Not | tree.Prohibit):
            self.negated(node.a, node)
        elif isinstance(node, tree.OrOperation):
            self.either(node)
        elif isinstance(node, tree.SearchField):
            self.fielded(node.name, node.expr, node)
        elif isinstance(node, tree.Word | tree.Phrase):
            self.free_text(node)
        else:
            raise SearchQueryError(f"This clause is not supported: {_clause(node)}")

    def either(self, node: tree.OrOperation) -> None:
        """``a:x OR a:y``: one field, one of its values."""
        names, values = set(), []
        for operand in node.operands:
            operand = _unwrap(operand)
            if isinstance(operand, tree.SearchField) and _is_literal(_unwrap(operand.expr)):
                names.add(operand.name)
                values.append(_literal(_unwrap(operand.expr)))
            elif isinstance(operand, tree.SearchField) and isinstance(
                _unwrap(operand.expr), tree.OrOperation
            ):
                names.add(operand.name)
                values += self.alternatives(_unwrap(operand.expr), operand)
            else:
                names.add(None)
        if len(names) != 1 or None in names:
            raise SearchQueryError(
                "OR is supported between values of one field (organization:a OR "
                f"organization:b), not here: {_clause(node)}"
            )
        name = names.pop()
        self.values_of(name, values, node)

    def alternatives(self, node: tree.OrOperation, context: tree.Item) -> list[str]:
        values = []
        for operand in node.operands:
            operand = _unwrap(operand)
            if isinstance(operand, tree.OrOperation):
                values += self.alternatives(operand, context)
            elif _is_literal(operand):
                values.append(_literal(operand))
            else:
                raise SearchQueryError(
                    f"Only field:(a OR b OR ...) is supported in parentheses: {_clause(context)}"
                )
        return values

    def fielded(self, name: str, expr: tree.Item, node: tree.Item) -> None:
        expr = _unwrap(expr)
        if name == "*":
            if isinstance(expr, tree.Word) and expr.value == "*":
                return
            raise SearchError(f"undefined field {name}")
        if isinstance(expr, tree.Range):
            self.range(name, expr, node)
        elif isinstance(expr, tree.OrOperation):
            self.values_of(name, self.alternatives(expr, node), node)
        elif isinstance(expr, tree.AndOperation | tree.UnknownOperation):
            for operand in expr.operands:
                self.fielded(name, operand, node)
        elif isinstance(expr, tree.Not | tree.Prohibit):
            self.negated(tree.SearchField(name, expr.a), node)
        elif isinstance(expr, tree.Plus):
            self.fielded(name, expr.a, node)
        elif _is_literal(expr):
            self.values_of(name, [_literal(expr)], node)
        elif isinstance(expr, tree.SearchField):
            raise SearchError(f"Cannot parse '{_clause(node)}': a field inside a field")
        else:
            raise SearchQueryError(f"This clause is not supported: {_clause(node)}")

    def values_of(self, name: str, values: list[str], node: tree.Item) -> None:
        clause = _clause(node)
        if name in TEXT_FIELDS:
            if len(values) > 1:
                raise SearchQueryError(f"OR between words is not supported: {clause}")
            self.spec.words.append(_quoted(values[0]))
        elif name in CONSTANT_FIELDS:
            if "*" not in values and CONSTANT_FIELDS[name] not in (v.lower() for v in values):
                self.spec.matches_nothing = True
        elif name in IGNORED_FIELDS:
            return
        elif name in DATE_FIELDS:
            if len(values) != 1:
                raise SearchQueryError(f"OR between dates is not supported: {clause}")
            if values[0] != "*":
                moment = solr_date(values[0], self.now)
                self.spec.within(name, Range(moment, moment))
        elif name in FILTER_FIELDS or name in IDENTITY_FIELDS:
            if "*" in values:
                return  # every dataset has an organization, a name, an id...
            patterns = [value for value in values if _is_pattern(value)]
            if patterns and (name != "name" or len(values) > 1):
                raise SearchQueryError(
                    f"Wildcards are supported on name only, one pattern a clause: {clause}"
                )
            if patterns:
                self.spec.name_patterns.append(patterns[0])
            else:
                self.spec.require(name, values, clause)
        else:
            raise SearchError(f"undefined field {name}")

    def range(self, name: str, expr: tree.Range, node: tree.Item) -> None:
        if name not in DATE_FIELDS:
            if name in (*FILTER_FIELDS, *IDENTITY_FIELDS, *TEXT_FIELDS, *CONSTANT_FIELDS):
                raise SearchQueryError(
                    f"Ranges are supported on {' and '.join(DATE_FIELDS)} only: {_clause(node)}"
                )
            raise SearchError(f"undefined field {name}")
        low, high = (_literal(_unwrap(bound)) for bound in (expr.low, expr.high))
        start = None if low == "*" else solr_date(low, self.now)
        end = None if high == "*" else solr_date(high, self.now)
        self.spec.within(
            name,
            Range(
                start,
                end,
                include_start=expr.include_low or start is None,
                include_end=expr.include_high or end is None,
            ),
        )

    def negated(self, inner: tree.Item, node: tree.Item) -> None:
        """``-field:value`` and ``NOT field:(a OR b)``: none of the values."""
        inner = _unwrap(inner)
        if isinstance(inner, tree.Not | tree.Prohibit):
            self.conjunct(inner.a)
            return
        if isinstance(inner, tree.OrOperation):
            # NOT (a OR b) = NOT a AND NOT b
            for operand in inner.operands:
                self.negated(operand, node)
            return
        if not isinstance(inner, tree.SearchField):
            raise SearchQueryError(
                f"Negation is supported on filters (-organization:x), not here: {_clause(node)}"
            )
        expr = _unwrap(inner.expr)
        if isinstance(expr, tree.OrOperation):
            values = self.alternatives(expr, node)
        elif _is_literal(expr):
            values = [_literal(expr)]
        else:
            raise SearchQueryError(f"This negation is not supported: {_clause(node)}")
        name = inner.name
        if name in CONSTANT_FIELDS:
            if "*" in values or CONSTANT_FIELDS[name] in (v.lower() for v in values):
                self.spec.matches_nothing = True
        elif name in IGNORED_FIELDS:
            return
        elif name in FILTER_FIELDS and not any(_is_pattern(v) or v == "*" for v in values):
            self.spec.exclude(name, values)
        elif name in (*FILTER_FIELDS, *IDENTITY_FIELDS, *TEXT_FIELDS, *DATE_FIELDS):
            raise SearchQueryError(
                "Negation is supported on organization, owner_org, groups, tags, res_format "
                f"and license_id values, not here: {_clause(node)}"
            )
        else:
            raise SearchError(f"undefined field {name}")

    def free_text(self, node: tree.Word | tree.Phrase) -> None:
        if isinstance(node, tree.Phrase):
            self.spec.words.append(_quoted(_literal(node)))
            return
        # The catalogue matches parts of words already: a wildcard adds nothing.
        word = _literal(node).replace("*", "").replace("?", "")
        if word:
            self.spec.words.append(word)


def _is_literal(node: tree.Item) -> bool:
    return isinstance(node, tree.Word | tree.Phrase)


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _literal(node: tree.Item) -> str:
    if isinstance(node, tree.Phrase):
        return _ESCAPE.sub(r"\1", node.value[1:-1])
    return _ESCAPE.sub(r"\1", node.value)


def _is_pattern(value: str) -> bool:
    return value != "*" and ("*" in value or "?" in value)


def _quoted(value: str) -> str:
    """A phrase for the search service, which reads quotes as phrases."""
    words = value.replace('"', " ").split()
    return f'"{" ".join(words)}"' if len(words) > 1 else "".join(words)
