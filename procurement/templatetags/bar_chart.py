"""The pipeline's bar charts as SVG, written in Python with the markup of a template loop."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def bar_chart(chart: dict, chart_id: str, title: str) -> SafeString:
    """A chart of pipeline._bars(): one labelled bar per row, with its value written after it."""
    chart_id, label_width = escape(str(chart_id)), escape(str(chart["label_width"]))
    bars = "".join(
        f'\n    <text x="0" y="{bar["text_y"]}" class="label">{escape(str(bar["label"]))}</text>\n'
        f'    <rect x="{label_width}" y="{bar["y"]}" width="{bar["width"]}" height="20" class="s5">'
        f"<title>{escape(str(bar['label']))}: {escape(str(bar['text']))}</title></rect>\n"
        f'    <text x="{bar["value_x"]}" y="{bar["text_y"]}" class="count">{escape(str(bar["text"]))}</text>\n  '
        for bar in chart["bars"]
    )
    # Every text in it went through escape(); the rest are numbers.
    return mark_safe(  # noqa: S308
        f'<svg role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {chart["width"]} {chart["height"]}"'
        f' width="100%" class="chart-svg">\n'
        f'  <title id="{chart_id}-title">{escape(str(title))}</title>\n  {bars}\n</svg>\n'
    )
