"""How a notice's deadline reads: the reader's zone, U.S. Eastern and Japan, and days left."""

from django import template

from procurement import cards

register = template.Library()


@register.simple_tag
def deadline_zones(value) -> list[tuple[str, str]]:
    """The moment in the current zone, then Eastern and JST where those differ from it."""
    if not value:
        return []
    return [(label, cards.moment(value, zone)) for label, zone in cards.reader_zones()]


@register.simple_tag
def opportunity_deadline(opportunity):
    return cards.deadline_html(opportunity)


@register.simple_tag
def opportunity_markers(opportunity):
    return cards.markers_html(opportunity)


register.filter("days_left_text", cards.days_left_text)
register.filter("money", cards.money)
