"""Bounds on what one GraphQL operation may ask for, checked before anything executes.

Depth
    The number of fields on the longest path from the root to a leaf:
    ``{ news { edges { node { title } } } }`` has depth 4. Fragments and inline fragments
    add no level of their own (graphene's ``depth_limit_validator`` also gets this right,
    but it skips introspection subtrees entirely, crashes on an unknown fragment and
    recurses forever on a fragment cycle; this rule does neither). ``ofType`` adds no level
    either: it is a chain, not a fan-out, and GraphiQL's introspection query nests it 7 deep;
    for the same reason it costs nothing.

Cost
    An upper bound on the number of objects the operation may return. Every field of an
    object (or interface, union) type counts once per time its parent may be returned;
    scalars are free (they come from rows already loaded). A list inside a connection
    (``edges``) has the size of the connection's ``first`` argument (from the query or
    its variables, the schema's default when absent: 20); any other list of objects
    (``topics``, ``body``, ``children``, ``translations``) counts as ``LIST_SIZE`` items.
    Where a selection branches on the type (``... on ImageBlock``), the dearest branch
    counts, since one object has one type.
"""

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInt,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
    is_object_type,
    value_from_ast,
    value_from_ast_untyped,
)
from graphql.type import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef
from graphql.validation import ASTValidationRule

from core.errors import ErrorCode
from core.graphql.errors import api_error
from core.graphql.pagination import DEFAULT_PAGE_SIZE, max_page_size

# The assumed length of a list that has no page size of its own.
LIST_SIZE = 10
# Fields that never add a level of depth (see the module's docstring).
CHAIN_FIELDS = frozenset({"ofType"})


def _fragment_lookup(context: ValidationContext):
    return {
        definition.name.value: definition
        for definition in context.document.definitions
        if definition.kind == "fragment_definition"
    }


def _selections(selection_set: SelectionSetNode | None, fragments, seen: frozenset[str]):
    """The selections of a set with named fragments inlined: (selection, fragment path)."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            # An unknown or cyclic fragment is reported by graphql-core's own rules.
            if fragment is not None and name not in seen:
                yield selection, fragment, seen | {name}
        else:
            yield selection, None, seen


class DepthCounter:
    """Measures an operation's depth (see the module's docstring).

    Each fragment is measured once (``memo``): a fragment spread twice per level, 40 levels
    deep, is 40 measurements, not 2**40.
    """

    def __init__(self, fragments: Mapping) -> None:
        self.fragments = fragments
        self.memo: dict[str, int] = {}
        self.visits = 0  # selections looked at, for the tests' bound on the work done

    def depth(self, selection_set: SelectionSetNode | None, seen=frozenset()) -> int:
        deepest = 0
        for selection, fragment, now_seen in _selections(selection_set, self.fragments, seen):
            self.visits += 1
            if fragment is not None:
                name = fragment.name.value
                if name not in self.memo:
                    self.memo[name] = self.depth(fragment.selection_set, now_seen)
                depth = self.memo[name]
            elif isinstance(selection, InlineFragmentNode):
                depth = self.depth(selection.selection_set, now_seen)
            else:
                own = 0 if selection.name.value in CHAIN_FIELDS else 1
                depth = own + self.depth(selection.selection_set, now_seen)
            deepest = max(deepest, depth)
        return deepest


def max_depth_rule(max_depth: int) -> type[ASTValidationRule]:
    class MaxDepthRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
            depth = DepthCounter(_fragment_lookup(self.context)).depth(node.selection_set)
            if depth > max_depth:
                self.report_error(
                    api_error(
                        f"The query is {depth} levels deep; the limit is {max_depth}.",
                        ErrorCode.QUERY_TOO_COMPLEX,
                        depth=depth,
                        maxDepth=max_depth,
                    )
                )
            return self.SKIP

    return MaxDepthRule


class CostCounter:
    """Computes an operation's cost (see the module's docstring) against a schema."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping,
        variables: Mapping[str, Any] | None,
        variable_definitions=(),
    ):
        self.schema = schema
        self.fragments = fragments
        # (fragment, type it is read on, page size) -> cost: each computed once, so that the
        # count stays linear in the query's text however often fragments are spread.
        self.fragment_costs: dict[tuple[str, str, int | None], int] = {}
        self.visits = 0  # selections looked at, for the tests' bound on the work done
        self.variables = dict(variables or {})
        for definition in variable_definitions:
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = value_from_ast_untyped(definition.default_value)

    def operation(self, node: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(node.operation)
        if root is None:
            return 0
        return self.selection_set(node.selection_set, root, page_size=None)

    def selection_set(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        page_size: int | None,
        seen: frozenset[str] = frozenset(),
    ) -> int:
        """The cost of one object's selection: shared fields plus the dearest type branch."""
        shared = 0
        branches: dict[str, int] = {}
        for selection, fragment, now_seen in _selections(selection_set, self.fragments, seen):
            self.visits += 1
            if isinstance(selection, FieldNode):
                shared += self.field(selection, parent, page_size, now_seen)
                continue
            inner = fragment if fragment is not None else selection
            condition = inner.type_condition
            target = self.schema.get_type(condition.name.value) if condition else parent
            if target is None:
                continue
            if fragment is None:
                cost = self.selection_set(inner.selection_set, target, page_size, now_seen)
            else:
                key = (fragment.name.value, target.name, page_size)
                if key not in self.fragment_costs:
                    self.fragment_costs[key] = self.selection_set(
                        inner.selection_set, target, page_size, now_seen
                    )
                cost = self.fragment_costs[key]
            if target is parent or not is_object_type(target):
                shared += cost
            else:
                branches[target.name] = branches.get(target.name, 0) + cost
        return shared + max(branches.values(), default=0)

    def field(self, node: FieldNode, parent: GraphQLNamedType, page_size: int | None, seen) -> int:
        definition = self.field_definition(parent, node.name.value)
        if definition is None or not is_composite_type(get_named_type(definition.type)):
            return 0
        child_type = get_named_type(definition.type)
        if node.name.value in CHAIN_FIELDS:
            return self.selection_set(node.selection_set, child_type, None, seen)
        size = 1
        if is_list_type(get_nullable_type(definition.type)):
            size = page_size if page_size is not None else LIST_SIZE
        children_page_size = None
        if "first" in definition.args:
            children_page_size = self.first(node, definition)
        return size + size * self.selection_set(
            node.selection_set, child_type, children_page_size, seen
        )

    def field_definition(self, parent: GraphQLNamedType, name: str) -> GraphQLField | None:
        if name == "__typename":
            return TypeNameMetaFieldDef
        if parent is self.schema.query_type:
            if name == "__schema":
                return SchemaMetaFieldDef
            if name == "__type":
                return TypeMetaFieldDef
        fields = getattr(parent, "fields", None)
        return fields.get(name) if fields else None

    def first(self, node: FieldNode, definition: GraphQLField) -> int:
        """The page size a connection field asks for, bounded as its resolver bounds it."""
        value = definition.args["first"].default_value
        for argument in node.arguments:
            if argument.name.value == "first":
                try:
                    value = value_from_ast(argument.value, GraphQLInt, self.variables)
                except (TypeError, ValueError, GraphQLError):
                    value = None
        if not isinstance(value, int) or isinstance(value, bool):
            value = DEFAULT_PAGE_SIZE
        # Out of range is the resolver's BAD_USER_INPUT, not a cost.
        return min(max(value, 0), max_page_size())


def max_cost_rule(max_cost: int, variables: Mapping[str, Any] | None) -> type[ASTValidationRule]:
    class MaxCostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
            counter = CostCounter(
                self.context.schema,
                _fragment_lookup(self.context),
                variables if isinstance(variables, Mapping) else None,
                node.variable_definitions or (),
            )
            cost = counter.operation(node)
            if cost > max_cost:
                self.report_error(
                    api_error(
                        f"The query may return {cost} objects; the limit is {max_cost}. "
                        "Ask for smaller pages (first) or fewer nested lists.",
                        ErrorCode.QUERY_TOO_COMPLEX,
                        cost=cost,
                        maxCost=max_cost,
                    )
                )
            return self.SKIP

    return MaxCostRule


class NoIntrospection(ValidationRule):
    """``__schema`` and ``__type`` refused (GRAPHQL_INTROSPECTION=0).

    graphene's ``DisableIntrospection`` refuses every name starting with two underscores,
    ``__typename`` included, which Apollo and Relay clients add to every selection.
    """

    def enter_field(self, node: FieldNode, *_args):
        if node.name.value in {"__schema", "__type"}:
            self.report_error(
                GraphQLError(f"Introspection is disabled: cannot query {node.name.value}.", node)
            )
