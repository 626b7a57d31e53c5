from django import template

from .. import row_html

register = template.Library()


@register.simple_tag
def tracker_rows(rows):
    """{% tracker_rows rows %}: the tracker table's rows, written in Python (see row_html)."""
    return row_html.tracker_rows(rows)
