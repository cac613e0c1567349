"""The part of Solr's query language that ``q`` and ``fq`` accept here.

CKAN hands ``q`` and ``fq`` to Solr. minhbach has no Solr: this module reads the subset that
maps onto the catalogue's search (opendata.catalogue.search_datasets) and says clearly what
it cannot do, instead of silently answering a different question:

* free words and "quoted phrases" (every word must match, diacritics ignored);
* ``field:value`` and ``field:"quoted value"`` and ``field:(a OR b)`` for the catalogue's
  filters (organization, owner_org, groups, tags, res_format, license_id), for ``name`` and
  ``id``, and for constant fields (``type:dataset``, ``state:active``, ...);
* clauses joined by spaces, ``AND``, ``&&`` or a leading ``+``; ``*:*`` matches everything.

A syntax error (unbalanced quotes or parentheses, a dangling ``:`` or ``\\``) is Solr's
failure, hence CKAN's "Search Error" (409); valid Solr the catalogue cannot express (``OR``
between clauses, negation, ranges, wildcards in a filter) is a "Search Query Error" (400).
"""

from dataclasses import dataclass, field

from opendata.ckan_api.errors import SearchError, SearchQueryError

# Fields that filter the catalogue, as CKAN's Solr schema names them.
FILTER_FIELDS = ("organization", "owner_org", "groups", "tags", "res_format", "license_id")
# Fields that pick datasets by identity.
IDENTITY_FIELDS = ("name", "id")
# Fields searched as free text (the catalogue has one folded text per dataset).
TEXT_FIELDS = ("text", "title", "notes")
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

FUZZY_OR_BOOST = ("~", "^")


@dataclass
class SearchSpec:
    """What a ``q`` and ``fq`` ask for: all of it must hold."""

    words: list[str] = field(default_factory=list)
    # field -> the values a dataset may have (one of them), from every clause on that field
    filters: dict[str, list[str]] = field(default_factory=dict)
    # True when a constant field or two exclusive values rule out every dataset
    matches_nothing: bool = False

    def require(self, name: str, values: list[str]) -> None:
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
                f"Several {name}: clauses that must all hold are not supported; "
                f"use {name}:(a OR b) for either value"
            )


@dataclass
class _Token:
    kind: str  # "term", "phrase", "field", "(", ")", "op"
    value: str = ""
    prefix: str = ""  # "+", "-" or "!" written before it


def parse(text: str, spec: SearchSpec | None = None, *, parameter: str = "q") -> SearchSpec:
    """Add what ``text`` (a q or an fq) asks for to ``spec``."""
    spec = spec or SearchSpec()
    stripped = text.strip()
    if stripped in ("", "*:*", "*", '""', "''"):
        return spec
    tokens = _tokens(stripped)
    _Parser(tokens, spec, parameter).clauses(top=True)
    return spec


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    depth = 0
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        prefix = ""
        if char in "+-!" and i + 1 < n and not text[i + 1].isspace():
            prefix, i = char, i + 1
            char = text[i]
        if char == "(":
            depth += 1
            tokens.append(_Token("(", prefix=prefix))
            i += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise SearchError("Cannot parse query: unbalanced parentheses")
            tokens.append(_Token(")"))
            i += 1
        elif char == '"':
            end = i + 1
            value = []
            while end < n and text[end] != '"':
                if text[end] == "\\" and end + 1 < n:
                    end += 1
                value.append(text[end])
                end += 1
            if end >= n:
                raise SearchError("Cannot parse query: unbalanced quotes")
            tokens.append(_Token("phrase", "".join(value), prefix))
            i = _skip_suffix(text, end + 1)
        else:
            value = []
            while i < n and not text[i].isspace() and text[i] not in '()"':
                if text[i] == "\\":
                    if i + 1 >= n:
                        raise SearchError("Cannot parse query: term can not end with escape")
                    value.append(text[i + 1])
                    i += 2
                    continue
                if text[i] == ":":
                    break
                value.append(text[i])
                i += 1
            word = "".join(value)
            if i < n and text[i] == ":":
                if not word:
                    raise SearchError("Cannot parse query: ':' without a field name")
                tokens.append(_Token("field", word, prefix))
                i += 1
                if i >= n or text[i].isspace():
                    raise SearchError(f"Cannot parse query: no value after '{word}:'")
                continue
            if word in ("AND", "&&", "OR", "||", "NOT") and not prefix:
                tokens.append(_Token("op", word))
            elif word:
                tokens.append(_Token("term", word, prefix))
            elif prefix:
                raise SearchError(f"Cannot parse query: '{prefix}' without a term")
    if depth != 0:
        raise SearchError("Cannot parse query: unbalanced parentheses")
    return tokens


def _skip_suffix(text: str, i: int) -> int:
    """After a phrase, Solr allows ~N (proximity) or ^N (boost): neither changes the set."""
    while i < len(text) and text[i] in FUZZY_OR_BOOST:
        i += 1
        while i < len(text) and (text[i].isdigit() or text[i] == "."):
            i += 1
    return i


class _Parser:
    def __init__(self, tokens: list[_Token], spec: SearchSpec, parameter: str) -> None:
        self.tokens = tokens
        self.position = 0
        self.spec = spec
        self.parameter = parameter

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def clauses(self, *, top: bool) -> None:
        while (token := self.peek()) is not None:
            if token.kind == ")":
                if top:
                    raise SearchError("Cannot parse query: unbalanced parentheses")
                return
            if token.kind == "op":
                self.take()
                if token.value in ("OR", "||"):
                    raise SearchQueryError(
                        "OR between clauses is not supported; "
                        "use field:(a OR b) for either value of a field"
                    )
                if token.value == "NOT":
                    raise SearchQueryError("Negation (NOT, -, !) is not supported")
                if self.peek() is None or self.peek().kind in (")", "op"):
                    raise SearchError(f"Cannot parse query: '{token.value}' without a clause")
                continue
            self.clause(self.take())

    def clause(self, token: _Token) -> None:
        if token.prefix in ("-", "!"):
            raise SearchQueryError("Negation (NOT, -, !) is not supported")
        if token.kind == "(":
            self.clauses(top=False)
            self.take()  # the ")" the tokenizer guaranteed
        elif token.kind == "field":
            self.fielded(token.value, self.values())
        else:
            self.free_text(token.value)

    def values(self) -> list[str]:
        token = self.peek()
        if token is None or token.kind in (")", "op", "field"):
            raise SearchError("Cannot parse query: a field without a value")
        self.take()
        if token.prefix:
            raise SearchQueryError("Negation (NOT, -, !) is not supported")
        if token.kind != "(":
            return [self.literal(token)]
        values, expect_value = [], True
        while (inner := self.peek()) is not None and inner.kind != ")":
            self.take()
            if expect_value and inner.kind in ("term", "phrase") and not inner.prefix:
                values.append(self.literal(inner))
                expect_value = False
            elif not expect_value and inner.kind == "op" and inner.value in ("OR", "||"):
                expect_value = True
            else:
                raise SearchQueryError("Only field:(a OR b OR ...) is supported in parentheses")
        self.take()
        if expect_value:
            raise SearchError("Cannot parse query: an empty or unfinished (... OR ...) group")
        return values

    def literal(self, token: _Token) -> str:
        if token.kind == "term":
            if token.value.startswith(("[", "{")):
                raise SearchQueryError("Range queries are not supported")
            value = token.value
            if value == "*":
                return value  # "field:*", and "*:*" inside a longer query
            for mark in FUZZY_OR_BOOST:
                value = value.split(mark, 1)[0]
            if "*" in value or "?" in value:
                raise SearchQueryError("Wildcards are not supported in field values")
            return value
        return token.value

    def fielded(self, name: str, values: list[str]) -> None:
        if "*" in values:
            if name == "*" and values == ["*"]:
                return
            raise SearchQueryError("Wildcards are not supported in field values")
        if name in TEXT_FIELDS:
            if len(values) > 1:
                raise SearchQueryError(f"{name}:(a OR b) is not supported; search free text")
            self.free_text(values[0])
        elif name in CONSTANT_FIELDS:
            expected = CONSTANT_FIELDS[name]
            if expected not in (value.lower() for value in values):
                self.spec.matches_nothing = True
        elif name in IGNORED_FIELDS:
            return
        elif name in FILTER_FIELDS or name in IDENTITY_FIELDS:
            self.spec.require(name, values)
        else:
            raise SearchError(f"undefined field {name}")

    def free_text(self, value: str) -> None:
        for word in value.split():
            for mark in FUZZY_OR_BOOST:
                word = word.split(mark, 1)[0]
            # The catalogue matches parts of words already: a wildcard adds nothing.
            word = word.replace("*", "").replace("?", "")
            if word:
                self.spec.words.append(word)
