"""The list part of the matches page (filters, suggestion cards, pages), written in Python.

Through the template, its translations, links, card loop and pagination include took about
a third of the page's rendering, on every view. This writes the same HTML as the template's
list branch did; every value is escaped.
"""

from collections.abc import Sequence

from django.core.paginator import Page
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accelerator.pagination import filtered_listing


def matches_listing(
    *, company_slug: str | None, filter_fields: str, page: Page, cards: Sequence[SafeString], query: str
) -> SafeString:
    """The filters beside the cards; `company_slug` when the page names the company in its address."""
    count = page.paginator.count
    # Translated outside the f-strings: makemessages does not read calls inside them.
    found = ngettext("%(counter)s suggestion", "%(counter)s suggestions", count) % {"counter": localize(count)}
    clear_url = reverse("matchmaking:matches") + (f"?company={company_slug}" if company_slug else "")
    listing = filtered_listing(
        filter_label=_("Filter matches"),
        hidden=f'<input type="hidden" name="company" value="{escape(company_slug)}">' if company_slug else "",
        filter_fields=filter_fields,
        clear_url=clear_url,
        found=found,
        cards=cards,
        empty=_(
            "No suggestion matches these filters. New suggestions arrive as profiles change and after each nightly run."
        ),
        page=page,
        query=query,
    )
    return mark_safe("\n" + listing)  # noqa: S308 - written escaped by filtered_listing


def matches_head(*, company, companies: Sequence) -> SafeString:
    """The page's heading, with the choice of company when the user has several."""
    # Translated outside the f-strings: makemessages does not read calls inside them.
    title = escape(_("Matches"))
    lead = ""
    if company is not None:
        words = _("Partners suggested for %(name)s, best first, with the reasons they fit.")
        lead = '<p class="muted">{}</p>'.format(words % {"name": escape(company.display_name)})
    choice = ""
    if len(companies) > 1:
        options = "".join(
            f'<option value="{escape(option.slug)}"{" selected" if company and option.pk == company.pk else ""}>'
            f"{escape(option.display_name)}</option>"
            for option in companies
        )
        label, show = escape(_("Company")), escape(_("Show"))
        choice = (
            '\n  <form method="get" class="inline">\n'
            f'    <label for="company-choice">{label}</label>\n'
            '    <select id="company-choice" name="company" data-submit-on-change>\n'
            f"      {options}\n"
            "    </select>\n"
            f'    <noscript><button type="submit" class="small">{show}</button></noscript>\n'
            "  </form>\n  "
        )
    return mark_safe(  # noqa: S308 - every value in it went through escape()
        f'\n<div class="page-head">\n  <div>\n    <h1>{title}</h1>\n    {lead}\n  </div>\n  {choice}\n</div>\n'
    )
