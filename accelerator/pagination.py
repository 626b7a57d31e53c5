"""Pages of a list in the web pages (the API has its own, in api_pagination)."""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def page_of(rows, number: str | None, size: int) -> Page:
    """The page `number` of `rows`, `size` rows a page. A first page shorter than `size` holds
    the whole list, so its length is the count, and the list is not counted by a query of its own."""
    paginator = Paginator(rows, size)
    if number not in (None, "", "1"):
        return paginator.get_page(number)
    first = list(rows[:size])
    if len(first) < size:
        paginator.count = len(first)
    return Page(first, 1, paginator)


def first_page(rows: list, count: int, size: int) -> Page:
    """The first page of a list of `count` rows whose first `size` rows (`rows`) were read with the count."""
    paginator = Paginator(rows, size)
    paginator.count = count
    return Page(rows, 1, paginator)


def pagination_html(page: Page, query: str) -> SafeString:
    """What includes/pagination.html writes for `page`, each link keeping `query` (urlencoded)."""
    if not page.has_other_pages():
        return mark_safe("\n")
    before = f"?{escape(query)}&amp;page=" if query else "?page="
    previous = (
        f'<a href="{before}{localize(page.previous_page_number())}">← {escape(_("Previous"))}</a>'
        if page.has_previous()
        else ""
    )
    following = (
        f'<a href="{before}{localize(page.next_page_number())}">{escape(_("Next"))} →</a>' if page.has_next() else ""
    )
    where = _("Page %(number)s of %(total)s") % {
        "number": escape(localize(page.number)),
        "total": escape(localize(page.paginator.num_pages)),
    }
    return mark_safe(  # noqa: S308 - every value in it went through escape()
        f'\n<nav class="pagination" aria-label="{escape(_("Pages"))}">\n'
        f"  {previous}\n"
        f"  <span>{where}</span>\n"
        f"  {following}\n"
        "</nav>\n\n"
    )


def filtered_listing(
    *,
    filter_label: str,
    filter_fields: str,
    clear_url: str,
    found: str,
    cards: Sequence[SafeString],
    empty: str,
    page: Page,
    query: str,
    hidden: str | None = None,
) -> SafeString:
    """A list beside its filter form, as the directory and the matches page write it: the form
    (`hidden` fields first, when the form has them), the number `found`, the cards or the
    `empty` sentence, and the pages. `filter_fields`, `hidden` and `cards` are HTML; the
    other values are escaped here."""
    if cards:
        listed = "".join(f"\n      {card}\n    " for card in cards)
    else:
        listed = f'\n      <p class="empty">{escape(empty)}</p>\n    '
    hidden_line = f"    {hidden}\n" if hidden is not None else ""
    return mark_safe(  # noqa: S308 - every value in it went through escape() or is safe HTML
        '<div class="with-sidebar">\n'
        f'  <form method="get" class="card filters" aria-label="{escape(filter_label)}">\n'
        f"{hidden_line}"
        f"    {filter_fields}\n"
        "\n"
        f'    <button type="submit">{escape(_("Filter"))}</button>\n'
        f'    <a href="{escape(clear_url)}">{escape(_("Clear"))}</a>\n'
        "  </form>\n"
        "  <section>\n"
        f'    <p class="muted" role="status">{escape(found)}</p>\n'
        f"    {listed}\n"
        f"    {pagination_html(page, query)}\n"
        "  </section>\n"
        "</div>\n"
    )
