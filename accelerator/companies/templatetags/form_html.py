from django import template

from accelerator.filter_fields import form_fields as _form_fields
from accelerator.filter_fields import kept_form_fields as _kept_form_fields

register = template.Library()


@register.filter
def form_fields(form):
    """{{ form|form_fields }}: what {% include "includes/form_fields.html" %} writes, written in Python."""
    return _form_fields(form)


@register.filter
def kept_form_fields(form, name):
    """{{ form|kept_form_fields:"list" }}: form_fields, with the fields that hold nothing kept per list and language."""
    return _kept_form_fields(form, name)
