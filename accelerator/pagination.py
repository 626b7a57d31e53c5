"""Pages of a list in the web pages (the API has its own, in api_pagination)."""

from django.core.paginator import Page, Paginator


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
