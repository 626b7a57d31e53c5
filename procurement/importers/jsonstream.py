"""Reading the items of one top-level array of a JSON file without loading the file."""

import ijson
from django.utils.translation import gettext as _

from . import FileRefused


def top_level_array(stream, keys: tuple[str, ...], *, refusal: str) -> str:
    """The first of `keys` found at the top of the JSON object in `stream` holding an array.

    Reads only as far as that key (sources put it near the top), then rewinds `stream`.
    Refuses a file that is not JSON, is not an object, or has none of `keys` as an array.
    """
    if not stream.read(4096).strip():
        raise FileRefused(_("The file is empty."))
    stream.seek(0)
    try:
        events = ijson.parse(stream)
        first = next(events, None)
        if first is None:
            raise FileRefused(_("The file is empty."))
        if first[1] != "start_map":
            raise FileRefused(refusal)
        pending = None
        for prefix, event, value in events:
            if prefix == "" and event == "map_key":
                pending = value if value in keys else None
            elif pending is not None and prefix == pending:
                if event == "start_array":
                    stream.seek(0)
                    return pending
                pending = None
    except ijson.JSONError as error:
        raise FileRefused(_("The file is not JSON.")) from error
    except UnicodeDecodeError:
        raise FileRefused(_("The file is not valid JSON: it is not UTF-8 text.")) from None
    raise FileRefused(refusal)


def array_items(stream, key: str):
    """The items of the top-level array `key`, one at a time."""
    try:
        yield from ijson.items(stream, f"{key}.item", use_float=True)
    except ijson.JSONError as error:
        raise FileRefused(
            _("The file stops being valid JSON part way through (%(error)s).") % {"error": str(error).splitlines()[0]}
        ) from None
