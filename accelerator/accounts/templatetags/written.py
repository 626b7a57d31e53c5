"""`{% written_once a b c %}…{% endwritten_once %}`: a part of a page written once per set of inputs.

Some pages are reloaded far more often than what they show changes (a mentor's home, the staff
mentoring dashboard). Their rows are plain, hashable values (frozen dataclasses, tuples,
strings, numbers), so equal inputs write equal HTML: the part is written once per process
for its inputs, the reader's language and zone and the address configuration, and kept.

The inputs named in the tag must be everything the part reads besides fixed words and
addresses: a value left out would show another view's figures. The part's CSRF fields are
written with a stand-in that each view replaces with its own token. A part whose inputs are
not all hashable (model instances compare by primary key only, lists and dicts not at all)
is written on every view, as without the tag.
"""

from collections.abc import Hashable

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# A CSRF token's stand-in: a part is written once with it, then each view puts in its own token.
TOKEN_MARK = "csrf-mark-2147483647"  # noqa: S105 - a stand-in, not a secret
MOST = 256  # parts kept per process; past that the store starts again
_written: dict[tuple, str] = {}


def forget() -> None:
    """Drops every kept part (tests that change templates or translations)."""
    _written.clear()


_UNKEYABLE = object()


def _frozen(value):
    """`value` as a key (sequences become tuples), or _UNKEYABLE."""
    if isinstance(value, list | tuple):
        items = tuple(_frozen(item) for item in value)
        return _UNKEYABLE if any(item is _UNKEYABLE for item in items) else items
    if _is_model(value) or not isinstance(value, Hashable):
        return _UNKEYABLE
    return value


def _is_model(value) -> bool:
    return hasattr(value, "_meta") and hasattr(value, "pk")


class WrittenOnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList, inputs: list[template.base.FilterExpression], name: str):
        self.nodelist = nodelist
        self.inputs = inputs
        self.name = name

    def render(self, context) -> SafeString:
        token = context.get("csrf_token")
        values = []
        for expression in self.inputs:
            value = expression.resolve(context)
            frozen = _frozen(value)
            if frozen is _UNKEYABLE:
                return self.nodelist.render(context)
            values.append(frozen)
        if not token or token == "NOTPROVIDED":  # noqa: S105 - no token to put in
            return self.nodelist.render(context)
        key = (
            self.name,
            get_language(),
            timezone.get_current_timezone(),
            get_urlconf(),
            get_script_prefix(),
            *values,
        )
        try:
            written = _written.get(key)
        except TypeError:  # a value that looked hashable holds one that is not
            return self.nodelist.render(context)
        if written is None:
            with context.push(csrf_token=TOKEN_MARK):
                written = self.nodelist.render(context)
            if len(_written) >= MOST:
                _written.clear()
            _written[key] = written
        return mark_safe(written.replace(TOKEN_MARK, conditional_escape(token)))  # noqa: S308 - written escaped


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
