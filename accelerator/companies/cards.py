"""The directory's company cards, rendered once per language and version of the company.

A card shows only the company and its capability profile (no viewer-specific part), so
its HTML is kept in the cache under the company's and the profile's last change and the
language; every page of the directory fetches its cards in one round trip. A renamed
segment reaches the cards when they expire (CARD_SECONDS).
"""

from collections.abc import Sequence

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Company

CARD_SECONDS = 10 * 60


def company_cards(companies: Sequence[Company]) -> list[SafeString]:
    language = get_language()
    keys = [_key(company, language) for company in companies]
    kept = cache.get_many(keys)
    cards, rendered = [], {}
    for company, key in zip(companies, keys, strict=True):
        html = kept.get(key)
        if html is None:
            html = rendered[key] = render_to_string("companies/_company_card.html", {"company": company})
        # Rendered (and escaped) by the template above, here or for an earlier page.
        cards.append(mark_safe(html))  # noqa: S308
    if rendered:
        cache.set_many(rendered, CARD_SECONDS)
    return cards


def _key(company: Company, language: str | None) -> str:
    profile = getattr(company, "profile", None)
    profile_changed = profile.updated_at.timestamp() if profile else 0
    return f"company-card:{language}:{company.pk}:{company.updated_at.timestamp()}:{profile_changed}"
