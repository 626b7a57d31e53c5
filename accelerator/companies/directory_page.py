"""The directory's page body, written in Python.

Through the template, the body's translations, links, card loop and pagination include took
about a third of the directory's rendering, on every view. This writes the same HTML as the
content block of companies/directory.html did; every value is escaped.
"""

from collections.abc import Sequence

from django.core.paginator import Page
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accelerator.pagination import pagination_html


def directory_content(
    *, signed_in: bool, filter_fields: str, page: Page, cards: Sequence[SafeString], query: str
) -> SafeString:
    count = page.paginator.count
    # Translated outside the f-strings: makemessages does not read calls inside them.
    found = ngettext("%(counter)s company", "%(counter)s companies", count) % {"counter": escape(localize(count))}
    add = ""
    if signed_in:
        add_label = escape(_("Add your company"))
        add = f'<a class="button small" href="{escape(reverse("companies:create"))}">{add_label}</a>'
    if cards:
        listed = "".join(f"\n      {card}\n    " for card in cards)
    else:
        listed = '\n      <p class="empty">{}</p>\n    '.format(escape(_("No company matches these filters.")))
    title, filter_label = escape(_("Company directory")), escape(_("Filter companies"))
    filter_button, clear = escape(_("Filter")), escape(_("Clear"))
    return mark_safe(  # noqa: S308 - every value in it went through escape() or is safe HTML
        "\n"
        '<div class="page-head">\n'
        f"  <h1>{title}</h1>\n"
        f"  {add}\n"
        "</div>\n"
        '<div class="with-sidebar">\n'
        f'  <form method="get" class="card filters" aria-label="{filter_label}">\n'
        f"    {filter_fields}\n"
        "\n"
        f'    <button type="submit">{filter_button}</button>\n'
        f'    <a href="{escape(reverse("companies:directory"))}">{clear}</a>\n'
        "  </form>\n"
        "  <section>\n"
        f'    <p class="muted" role="status">{found}</p>\n'
        f"    {listed}\n"
        f"    {pagination_html(page, query)}\n"
        "  </section>\n"
        "</div>\n"
    )
