from django import template

from accelerator.filter_fields import form_fields as _form_fields

register = template.Library()


@register.filter
def form_fields(form):
    """{{ form|form_fields }}: what {% include "includes/form_fields.html" %} writes, written in Python."""
    return _form_fields(form)
