"""A list filter's fields written in Python, with the markup of includes/form_fields.html.

A filtered list page renders its filter form on every request. Through the templates each
field costs an include of includes/field.html, a label template and a widget template with
its attribute include: on a filtered directory page that was about half of the page.
`form_fields()` writes the same HTML as includes/form_fields.html (and includes/field.html
for each field), and `FilterForm` renders labels and plain <input> widgets without their
templates (`PythonRenderer`); any other template still goes to Django's form renderer.
"""

import copy
from collections.abc import Callable

import django_filters
from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import get_default_renderer
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accelerator import kept

# Django's templates that hold nothing but an include of django/forms/widgets/input.html.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "search",
        "tel",
        "date",
        "datetime",
        "time",
        "checkbox",
    )
)
_LABEL_TEMPLATE = "django/forms/label.html"


class PythonRenderer:
    """Django's form renderer, except labels and plain <input>s, which it writes itself.

    The output is what django/forms/label.html and django/forms/widgets/input.html (with
    their attrs.html) give, stripped as the renderer strips it.
    """

    def render(self, template_name, context, request=None) -> str:
        if template_name == _LABEL_TEMPLATE:
            if not context["use_tag"]:
                return str(conditional_escape(context["label"])).strip()
            tag = conditional_escape(context["tag"])
            return f"<{tag}{_attributes(context['attrs'] or {})}>{conditional_escape(context['label'])}</{tag}>".strip()
        if template_name in _INPUT_TEMPLATES and context.keys() == {"widget"}:
            widget = context["widget"]
            value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
            return (
                f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
                f"{value}{_attributes(widget['attrs'])}>"
            )
        return get_default_renderer().render(template_name, context, request)

    def __getattr__(self, name):
        # Template names and the bound field class, as the configured renderer has them.
        return getattr(get_default_renderer(), name)


class FilterForm(forms.Form):
    """The form of a list filter (FilterSet Meta.form): labels and inputs written in Python."""

    default_renderer = PythonRenderer()


def form_fields(form: forms.Form) -> SafeString:
    """What includes/form_fields.html writes for the form."""
    return _form_html(form, [_field(field) for field in form.visible_fields()])


def _form_html(form: forms.Form, fields: list[str]) -> SafeString:
    html = []
    errors = form.non_field_errors()
    if errors:
        html.append('\n<div class="errors" role="alert">')
        html.extend(f"<p>{conditional_escape(error)}</p>" for error in errors)
        html.append("</div>\n")
    html.append("\n")
    html.extend(str(conditional_escape(field)) for field in form.hidden_fields())
    html.append("\n")
    html.extend(fields)
    html.append("\n")
    # Every value in it went through conditional_escape or is Django's safe widget output.
    return mark_safe("".join(html))  # noqa: S308


def _field(field: BoundField) -> str:
    """What includes/field.html writes for the field."""
    widget_type = field.widget_type
    if widget_type in ("checkboxselectmultiple", "radioselect"):
        return render_to_string("includes/field.html", {"field": field})
    errors = field.errors
    help_text = f'<small class="help">{conditional_escape(field.help_text)}</small>' if field.help_text else ""
    if widget_type == "checkbox":
        label = conditional_escape(field.label)
        control = f'    <label class="check">{conditional_escape(field)} {label}</label>\n  \n'
    else:
        control = f"    {conditional_escape(field.label_tag())}\n    {conditional_escape(field)}\n  \n"
    return (
        f'<div class="field{" has-errors" if errors else ""}">\n  \n'
        f"{control}"
        f"  {help_text}\n"
        f"  {''.join(f'<p class="error">{conditional_escape(error)}</p>' for error in errors)}\n"
        "</div>\n"
    )


def _attributes(attrs: dict) -> str:
    """Attributes as django/forms/attrs.html and widgets/attrs.html write them."""
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{conditional_escape(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class _FieldsOfOneForm(dict):
    """A form's fields that the form takes as they are: deep-copying them is a no-op."""

    def __deepcopy__(self, memo):
        return dict(self)


class OneUseFilterForm(FilterForm):
    """A FilterForm that does not deep-copy its fields.

    A FilterSet builds its form class, and each field in it, for every instance, so the form
    is its fields' only user; copying them (and their choices, widgets and lazily translated
    messages) took a tenth of a filtered list page. Declare no fields on a subclass.
    """

    def __init__(self, *args, **kwargs):
        self.base_fields = _FieldsOfOneForm(self.base_fields)
        super().__init__(*args, **kwargs)


def kept_form_fields(form: forms.Form, name: str, *, found: tuple[dict, int] | None = None) -> SafeString:
    """What form_fields() writes, with each field that holds nothing and shows no error kept in
    the cache per list (`name`), language and empty value (`accelerator.kept`).

    On a filtered page most fields are empty and read as they do unfiltered; only the fields
    with a value (or an error) are rendered. Renaming, adding or deleting a segment or
    technology area starts a new taxonomy generation, so the next page shows it. A page that
    reads other kept values passes what it read with the keys of kept_field_keys() as `found`
    (kept.get_many's answer), in one round trip.
    """
    keys = kept_field_keys(form, name)
    if found is None:
        found = kept.get_many(keys.values()) if keys else ({}, 0)
    values, generation = found
    new = {}
    fields = []
    for field in form.visible_fields():
        key = keys.get(field.name)
        if key in values:
            fields.append(values[key])
            continue
        html = _field(field)
        if key is not None:
            new[key] = html
        fields.append(html)
    kept.set_many(new, generation)
    return _form_html(form, fields)


def kept_field_keys(form: forms.Form, name: str) -> dict[str, str]:
    """The kept keys of the form's fields that hold nothing and show no error, by field name."""
    language = get_language()
    keys = {}
    for field in form.visible_fields():
        data = field.data
        if (data is None or data == "") and field.initial is None and not field.errors:
            empty = "-" if data is None else ""
            keys[field.name] = f"filter-field:{name}:{language}:{field.html_name}:{field.auto_id}:{empty}"
    return keys


def empty_form_key(name: str) -> str:
    """The kept key of list `name`'s filter form holding nothing, in the active language."""
    return f"filter-form:{name}:{get_language()}"


def kept_empty_form(name: str, build_form: Callable[[], forms.Form], found: tuple[dict, int]) -> SafeString:
    """What kept_form_fields() writes for list `name`'s filter form holding nothing, kept whole
    per list and language: a list opened without filters builds no form (`build_form` only
    when it is not kept). `found` is kept.get_many's answer for keys with empty_form_key(name).
    """
    values, generation = found
    key = empty_form_key(name)
    if key in values:
        return mark_safe(values[key])  # noqa: S308 - written by form_fields(), which escapes every value
    html = form_fields(build_form())
    kept.set_many({key: str(html)}, generation)
    return html


class _FiltersOfOneSet(dict):
    """A FilterSet's declared filters, which `copy.deepcopy` copies one level deep (see ListFilterSet)."""

    def __deepcopy__(self, memo):
        return {name: _copy_filter(filter_) for name, filter_ in self.items()}


def _copy_filter(filter_: django_filters.Filter) -> django_filters.Filter:
    clone = copy.copy(filter_)
    clone.extra = dict(filter_.extra)
    clone.__dict__.pop("_field", None)
    if filter_.method is not None:
        # A FilterMethod of its own, which finds the method on the copy's FilterSet.
        clone.method = filter_.method
    return clone


class ListFilterSet(django_filters.FilterSet):
    """A list page's FilterSet, which copies its declared filters shallowly for each instance.

    FilterSet deep-copies every filter with its field arguments (querysets, choices, lazily
    translated labels) on every page, a tenth of a list page's filter work; a filter keeps
    nothing of a request but its field, built per copy, and its parent, set per copy.
    """

    def __init__(self, *args, **kwargs):
        self.base_filters = _FiltersOfOneSet(type(self).base_filters)
        super().__init__(*args, **kwargs)
        del self.base_filters
