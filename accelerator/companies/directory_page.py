"""The directory's page body, written in Python.

Through the template, the body's translations, links, card loop and pagination include took
about a third of the directory's rendering, on every view. This writes the same HTML as the
content block of companies/directory.html did; every value is escaped.
"""

from collections.abc import Sequence
from functools import partial

from django.core.paginator import Page
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accelerator import written
from accelerator.pagination import filtered_listing


def directory_content(
    *, signed_in: bool, filter_fields: str, page: Page, cards: Sequence[SafeString], query: str
) -> SafeString:
    """The body, written once per process for what it shows (accelerator.written): the cards and
    fields are the kept HTML of their versions, so a changed company is another body."""
    count = page.paginator.count
    inputs = ("directory", signed_in, filter_fields, count, tuple(cards), query, page.number, page.paginator.num_pages)
    return written.part(inputs, partial(_content, signed_in, filter_fields, page, cards, query, count))


def _content(
    signed_in: bool, filter_fields: str, page: Page, cards: Sequence[SafeString], query: str, count: int
) -> str:
    # Translated outside the f-strings: makemessages does not read calls inside them.
    found = ngettext("%(counter)s company", "%(counter)s companies", count) % {"counter": localize(count)}
    add = ""
    if signed_in:
        add_label = escape(_("Add your company"))
        add = f'<a class="button small" href="{escape(reverse("companies:create"))}">{add_label}</a>'
    title = escape(_("Company directory"))
    listing = filtered_listing(
        filter_label=_("Filter companies"),
        filter_fields=filter_fields,
        clear_url=reverse("companies:directory"),
        found=found,
        cards=cards,
        empty=_("No company matches these filters."),
        page=page,
        query=query,
    )
    return mark_safe(  # noqa: S308 - every value in it went through escape() or is safe HTML
        f'\n<div class="page-head">\n  <h1>{title}</h1>\n  {add}\n</div>\n{listing}'
    )
