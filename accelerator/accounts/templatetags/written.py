"""`{% written_once a b c %}…{% endwritten_once %}`: a part of a page written once per set of inputs
(accelerator.written.part).

The inputs named in the tag must be everything the part reads besides fixed words and
addresses. A part whose inputs are not all hashable (model instances compare by primary key
only, dicts not at all) or that has no CSRF token to put in is written on every view, as
without the tag.
"""

import datetime as dt
from collections.abc import Hashable
from decimal import Decimal
from functools import cache

from django import template
from django.db.models import Model
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from accelerator.written import TOKEN_MARK, part

register = template.Library()

_UNKEYABLE = object()


def _frozen(value):
    """`value` as a key (sequences become tuples), or _UNKEYABLE."""
    if isinstance(value, list | tuple):
        # Most inputs are rows of plain values: those are checked without a call each.
        if all(type(item) in _SCALARS for item in value):
            return tuple(value)
        items = tuple(map(_frozen, value))
        return _UNKEYABLE if any(item is _UNKEYABLE for item in items) else items
    return value if _plain(type(value)) else _UNKEYABLE


_SCALARS = frozenset({str, SafeString, int, float, bool, type(None), Decimal, dt.date, dt.datetime, dt.time})


@cache
def _plain(kind: type) -> bool:
    """Whether values of `kind` can name a part: hashable, and not model instances (equal when
    their primary keys are)."""
    return issubclass(kind, Hashable) and not issubclass(kind, Model)


class WrittenOnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList, inputs: list[template.base.FilterExpression], name: str):
        self.nodelist = nodelist
        self.inputs = inputs
        self.name = name

    def render(self, context) -> SafeString:
        token = context.get("csrf_token")
        values = []
        for expression in self.inputs:
            frozen = _frozen(expression.resolve(context))
            if frozen is _UNKEYABLE:
                return self._written(context, token)
            values.append(frozen)
        if not token or token == "NOTPROVIDED":  # noqa: S105 - no token to put in
            return self._written(context, token)

        def write() -> str:
            with context.push(csrf_token=TOKEN_MARK):
                return self.nodelist.render(context)

        return part((self.name, *values), write, token=token)

    def _written(self, context, token) -> SafeString:
        """The part written for this view alone; inputs written with the token's stand-in get the
        view's token (or none) here too."""
        written = self.nodelist.render(context)
        if TOKEN_MARK not in written:
            return written
        usable = token if token and token != "NOTPROVIDED" else ""  # noqa: S105 - Django's marker
        return mark_safe(written.replace(TOKEN_MARK, conditional_escape(usable)))  # noqa: S308


@register.tag
def written_once(parser, token) -> WrittenOnceNode:
    """`{% written_once input … %}…{% endwritten_once %}`: see the module's description."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("written_once names the inputs the part is written from.")
    nodelist = parser.parse(("endwritten_once",))
    parser.delete_first_token()
    # The template's name and the tag's place tell two parts with the same inputs apart.
    origin = getattr(parser, "origin", None)
    name = f"{getattr(origin, 'name', '')}:{token.lineno}"
    return WrittenOnceNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]], name)
