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


def first_page(rows: list, count: int, size: int) -> Page:
    """The first page of a list of `count` rows whose first `size` rows (`rows`) were read with the count."""
    paginator = Paginator(rows, size)
    paginator.count = count
    return Page(rows, 1, paginator)
