"""A long list of checkboxes made easy to pick from: grouped in folding sections, with a
filter box. Plain HTML works without JavaScript (sections open and close, the boxes are
ordinary checkboxes); static/js/choice-picker.js adds the filter and the counts."""

from django import forms


class ChoicePicker(forms.CheckboxSelectMultiple):
    template_name = "companies/widgets/choice_picker.html"

    class Media:
        js = ["js/choice-picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        groups = []
        for label, options, _index in context["widget"]["optgroups"]:
            chosen = sum(1 for option in options if option["selected"])
            groups.append({"label": label, "options": options, "chosen": chosen})
        context["widget"]["groups"] = groups
        context["widget"]["chosen"] = sum(group["chosen"] for group in groups)
        return context


def grouped_tag_choices(tags) -> list:
    """Capability tags under their market segment (or technology area), in taxonomy order."""
    from django.utils.translation import gettext as _

    groups: dict[tuple, list] = {}
    for tag in tags:
        home = tag.segment or tag.technology_area
        key = (0 if tag.segment else 1, home.position if home else 0, str(home) if home else "")
        groups.setdefault(key, []).append((tag.code, str(tag)))
    return [(label or _("Other"), choices) for (_kind, _position, label), choices in sorted(groups.items())]
