"""The directory's company cards, rendered once per language and version of the company.

A card shows only the company and its capability profile (no viewer-specific part), so
its HTML is kept in the cache under the company's and the profile's last change and the
language. A directory page reads only each listed company's id and versions (with the
number of companies found, in the same query), fetches those cards in one cache round
trip, and reads and renders only the companies whose card is not kept. A renamed segment
reaches the cards when they expire (CARD_SECONDS).
"""

from collections.abc import Sequence
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Company

CARD_SECONDS = 10 * 60

# (company id, company updated_at, profile updated_at or None)
CardVersion = tuple[int, datetime, datetime | None]


def card_page(companies: QuerySet[Company], number: str | None, per_page: int) -> Page:
    """Page `number` of the companies as Paginator.get_page() gives it, listing CardVersion rows.

    The page's rows and the number of companies come from one query; a page past the
    last (or not a number) falls back to get_page(), which counts first.
    """
    versions = companies.values_list("pk", "updated_at", "profile__updated_at")
    paginator = Paginator(versions, per_page)
    try:
        wanted = int(number) if number is not None else 1
    except (TypeError, ValueError):
        wanted = 1
    if wanted >= 1:
        bottom = (wanted - 1) * per_page
        rows = list(versions.annotate(found=Window(Count("*")))[bottom : bottom + per_page])
        if rows or wanted == 1:
            paginator.count = rows[0][-1] if rows else 0
            return Page([row[:-1] for row in rows], wanted, paginator)
    return paginator.get_page(number)


def company_cards(versions: Sequence[CardVersion], companies: QuerySet[Company]) -> list[SafeString]:
    """The cards of the listed companies, in order; `companies` reads those not kept (with profile and segments)."""
    language = get_language()
    keys = [_key(version, language) for version in versions]
    kept = cache.get_many(keys)
    cards = {version[0]: kept[key] for version, key in zip(versions, keys, strict=True) if key in kept}
    missing = [version[0] for version in versions if version[0] not in cards]
    if missing:
        rendered = {}
        for company in companies.filter(pk__in=missing):
            # Kept under the version read here: a company changed since it was listed is shown as it is now.
            profile = getattr(company, "profile", None)
            key = _key((company.pk, company.updated_at, profile.updated_at if profile else None), language)
            cards[company.pk] = rendered[key] = render_to_string("companies/_company_card.html", {"company": company})
        cache.set_many(rendered, CARD_SECONDS)
    # Rendered (and escaped) by the card template, here or for an earlier page.
    return [mark_safe(cards[pk]) for pk, *_changed in versions if pk in cards]  # noqa: S308


def _key(version: CardVersion, language: str | None) -> str:
    pk, company_changed, profile_changed = version
    profile_stamp = profile_changed.timestamp() if profile_changed else 0
    return f"company-card:{language}:{pk}:{company_changed.timestamp()}:{profile_stamp}"
