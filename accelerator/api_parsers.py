"""JSON the API accepts: parsed without risk to the server, or refused with a clear message.

Python's parser recurses once per level of nesting, so a body of a hundred thousand
brackets exhausts the stack; a lone UTF-16 surrogate ("\\ud800") is valid JSON but not
text that can be encoded or stored. Both are refused here, for every endpoint, before a
view sees the data. (NUL characters are left to the fields, which name the field.)
"""

import codecs
import json
import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 16
UNSTORABLE = re.compile("[\ud800-\udfff]")


class UnacceptableJSON(ValueError):
    """JSON that is malformed or that the platform will not store; the message says why."""


def load_json(text: str | bytes) -> Any:
    """`text` parsed as JSON, or UnacceptableJSON with a message in the active language."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise UnacceptableJSON(_("The JSON is nested too deeply.")) from None
    except ValueError as error:
        raise UnacceptableJSON(_("The request body is not valid JSON: %(error)s") % {"error": error}) from None
    check_json(value)
    return value


def check_json(value: Any) -> None:
    """Refuses nesting deeper than MAX_DEPTH and text that cannot be encoded (lone surrogates)."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                raise UnacceptableJSON(_("The JSON contains an unpaired surrogate, which is not text."))
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise UnacceptableJSON(
                    _("The JSON is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_DEPTH}
                )
            if isinstance(item, dict):
                pending.extend((key, depth) for key in item)
                pending.extend((child, depth + 1) for child in item.values())
            else:
                pending.extend((child, depth + 1) for child in item)


def _refuse_constant(name: str):
    raise ValueError(_("%(name)s is not a number JSON allows.") % {"name": name})


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the checks above."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError:
            raise ParseError(_("The request body is not valid %(encoding)s text.") % {"encoding": encoding}) from None
        try:
            return load_json(text)
        except UnacceptableJSON as error:
            raise ParseError(str(error)) from None
