"""The staff mentoring page's body, written in one pass.

The page held some forty translated words, five reversed addresses and three loops over form
fields, each resolved by the template engine on every view. This tag writes the same HTML
with the words and the addresses' fixed parts worked out once per language, the cohort's
addresses joined from them, and the tables' rows from the mentoring_tables tags.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from accelerator.dates import datetime_tz

from ..mentoring_forms import AssignForm, WeightsForm
from ..models import Cohort
from .mentoring_tables import _slug_address_parts, _text, assignment_rows, company_items, mentor_load_rows, pair_rows

register = template.Library()


@lru_cache(maxsize=16)
def _words(language: str | None, urlconf: str | None, script_prefix: str) -> dict[str, str]:
    """The page's fixed words and addresses in one language. Like {% translate %}, the words are
    written as the catalog has them; the addresses are escaped as {% url %} escapes them."""
    # Each word is written out for makemessages to find.
    words = {
        "cohorts": gettext("Cohorts"),
        "mentoring": gettext("Mentoring"),
        "mentoring_pages": gettext("Mentoring pages"),
        "export": gettext("Export CSV"),
        "all_mentors": gettext("All mentors"),
        "not_running": gettext("Mentors are matched once the cohort is running."),
        "matching": gettext("Matching"),
        "save_weights": gettext("Save weights"),
        "compute": gettext("Compute shortlists"),
        "propose": gettext("Propose assignments"),
        "propose_help": gettext(
            "A stable matching within each mentor's capacity: one U.S.-side and one Japan-side mentor "
            "per startup where the pool allows. Published assignments and those added by hand stay."
        ),
        "publish": gettext("Publish and tell mentors and startups"),
        "assignments": gettext("Assignments"),
        "startup": gettext("Startup"),
        "mentor": gettext("Mentor"),
        "side": gettext("Side"),
        "status": gettext("Status"),
        "remove": gettext("Remove"),
        "no_assignments": gettext("No assignments yet."),
        "add_by_hand": gettext("Add by hand"),
        "progress": gettext("Progress"),
        "both": gettext("startups with a U.S. and a Japan-side mentor"),
        "us": gettext("with a U.S.-side mentor"),
        "jp": gettext("with a Japan-side mentor"),
        "load": gettext("Mentor load"),
        "capacity": gettext("Startups / capacity"),
        "rating": gettext("Average rating from startups"),
        "per_pair": gettext("Sessions per pair"),
        "held": gettext("Held"),
        "upcoming": gettext("Upcoming"),
        "last_session": gettext("Last session"),
        "no_pairs": gettext("No published assignments yet."),
        "at_risk": gettext("At risk"),
        "all_recent": gettext("Every startup had a session recently."),
    }
    words["staff_list"] = conditional_escape(reverse("cohorts:staff_list"))
    words["all_mentors_address"] = conditional_escape(reverse("cohorts:staff_mentors"))
    return words


@lru_cache(maxsize=16)
def _cohort_address_parts(urlconf: str | None, script_prefix: str) -> dict[str, tuple[str, str]]:
    return {
        name: _slug_address_parts(f"cohorts:{name}")
        for name in ("dashboard", "staff_mentoring_export", "staff_mentoring_action")
    }


def _address(parts: tuple[str, str], slug: str) -> str:
    return conditional_escape(f"{parts[0]}{slug}{parts[1]}")


def _fields(form) -> str:
    """`{% for field in form %}<label>{{ field.label }} {{ field }}</label> {% endfor %}`."""
    return "".join(f"<label>{conditional_escape(field.label)} {field}</label> " for field in form)


# Stand-ins for the values a page fills in: the forms are rendered once per language with
# them, then split where they stand.
_VALUE_MARK = "value-mark-2147483647"
_LABEL_MARK = "label-mark-2147483647"


@lru_cache(maxsize=16)
def _weights_parts(language: str | None) -> list[str]:
    """The weights form's labels and inputs, split where each weight's value stands."""
    form = WeightsForm(initial=dict.fromkeys(WeightsForm.base_fields, _VALUE_MARK))
    return _fields(form).split(_VALUE_MARK)


def _weights(values: list) -> str:
    if any(value is None or value == "" for value in values):
        return _fields(WeightsForm(initial=dict(zip(WeightsForm.base_fields, values, strict=True))))
    parts = _weights_parts(get_language())
    # As the number input writes a value: unlocalized, escaped.
    written = [f"{part}{conditional_escape(str(value))}" for part, value in zip(parts, values, strict=False)]
    return "".join(written) + parts[-1]


@lru_cache(maxsize=16)
def _assign_parts(language: str | None) -> dict[str, tuple[str, ...]]:
    """The hand-assignment form's fields in pieces: each field with no rows, and with two rows
    of stand-ins split around them (before the first value; between a value and its label;
    between a label and the next value; after the last label)."""
    form = AssignForm()
    two = AssignForm()
    marks = [(f"{_VALUE_MARK}-{n}", f"{_LABEL_MARK}-{n}") for n in (1, 2)]
    parts: dict[str, tuple[str, ...]] = {}
    for name, field in form.fields.items():
        field.choices = [("", field.empty_label)]  # type: ignore[attr-defined]
        two.fields[name].choices = [("", field.empty_label), *marks]  # type: ignore[attr-defined]
    for name in form.fields:
        empty = f"<label>{conditional_escape(form[name].label)} {form[name]}</label> "
        written = f"<label>{conditional_escape(two[name].label)} {two[name]}</label> "
        start, rest = written.split(marks[0][0])
        value_to_label, rest = rest.split(marks[0][1])
        label_to_value, rest = rest.split(marks[1][0])
        _, end = rest.split(marks[1][1])
        parts[name] = (empty, start, value_to_label, label_to_value, end)
    return parts


def _assign_fields(startups, mentors) -> str:
    """The hand-assignment form offering `startups` and `mentors`, as AssignForm.listing renders it."""
    parts = _assign_parts(get_language())
    written = []
    for name, rows in (("company", startups), ("mentor", mentors)):
        empty, start, value_to_label, label_to_value, end = parts[name]
        if not rows:
            written.append(empty)
            continue
        label_from_instance = AssignForm.base_fields[name].label_from_instance  # type: ignore[attr-defined]
        options = label_to_value.join(
            f"{conditional_escape(str(row.pk))}{value_to_label}{conditional_escape(label_from_instance(row))}"
            for row in rows
        )
        written.append(f"{start}{options}{end}")
    return "".join(written)


@register.simple_tag(takes_context=True)
def matching_body(context) -> SafeString:
    """The page's content: crumbs and heading, the matching steps, the assignments, the figures."""
    cohort = context["cohort"]
    state = context["state"]
    figures = context["figures"]
    assignments = figures.assignments
    language = get_language()
    urlconf, script_prefix = get_urlconf(), get_script_prefix()
    w = _words(language, urlconf, script_prefix)
    addresses = _cohort_address_parts(urlconf, script_prefix)
    slug = cohort.slug
    action_url = _address(addresses["staff_mentoring_action"], slug)
    name = conditional_escape(cohort.name)
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
        # As {% csrf_token %}: nothing where the token is missing or not provided.
        if token and token != "NOTPROVIDED"  # noqa: S105
        else ""
    )
    form_start = f'<form method="post" action="{action_url}" class="inline">{csrf}'
    warn = f'<p class="warn">{w["not_running"]}</p>' if cohort.status != Cohort.Status.RUNNING else ""
    suggested = ""
    if state.suggested_at:
        # Translated before formatting, as {% blocktranslate %} does.
        message = gettext(
            "Last computed %(when)s. Startups rank mentors from their shortlist and mentors mark interest."
        )
        suggested = (
            f'<span class="muted">{message % {"when": conditional_escape(datetime_tz(state.suggested_at))}}</span>'
        )
    published = ""
    if state.published_at:
        message = gettext("Last published %(when)s.")
        published = (
            f'<span class="muted">{message % {"when": conditional_escape(datetime_tz(state.published_at))}}</span>'
        )
    if assignments:
        assignment_body = assignment_rows(context, assignments, action_url)
    else:
        assignment_body = f'\n      <tr><td colspan="5" class="muted">{w["no_assignments"]}</td></tr>\n    '
    quiet_days = context["quiet_days"]
    without_session = ngettext(
        "without a session in the last %(days)s day", "without a session in the last %(days)s days", quiet_days
    ) % {"days": _text(quiet_days)}
    coverage = figures.coverage
    pairs = (
        pair_rows(figures.pairs) if figures.pairs else f'<tr><td colspan="5" class="muted">{w["no_pairs"]}</td></tr>'
    )
    at_risk = company_items(figures.at_risk) if figures.at_risk else f'<li class="muted">{w["all_recent"]}</li>'
    crumbs = (
        f'<p class="crumbs"><a href="{w["staff_list"]}">{w["cohorts"]}</a> › '
        f'<a href="{_address(addresses["dashboard"], slug)}">{name}</a> › {w["mentoring"]}</p>\n'
    )
    head = (
        f'<div class="page-head">\n  <h1>{w["mentoring"]} · {name}</h1>\n'
        f'  <nav class="actions" aria-label="{w["mentoring_pages"]}">\n'
        f'    <a href="{_address(addresses["staff_mentoring_export"], slug)}">{w["export"]}</a>\n'
        f'    <a href="{w["all_mentors_address"]}">{w["all_mentors"]}</a>\n  </nav>\n</div>\n{warn}\n\n'
    )
    steps = (
        '<section class="card" aria-labelledby="steps-heading">\n'
        f'  <h2 id="steps-heading">{w["matching"]}</h2>\n  <ol class="steps">\n'
        f'    <li>\n      {form_start}\n        <input type="hidden" name="action" value="weights">\n'
        f"        {_weights(context['weights'])}\n"
        f'        <button type="submit" class="small secondary">{w["save_weights"]}</button>\n'
        "      </form>\n    </li>\n"
        f'    <li>\n      {form_start}\n        <input type="hidden" name="action" value="suggest">\n'
        f'        <button type="submit">{w["compute"]}</button>\n      </form>\n      {suggested}\n    </li>\n'
        f'    <li>\n      {form_start}\n        <input type="hidden" name="action" value="propose">\n'
        f'        <button type="submit">{w["propose"]}</button>\n      </form>\n'
        f'      <span class="muted">{w["propose_help"]}</span>\n    </li>\n'
        f'    <li>\n      {form_start}\n        <input type="hidden" name="action" value="publish">\n'
        f'        <button type="submit">{w["publish"]}</button>\n      </form>\n      {published}\n    </li>\n'
        "  </ol>\n</section>\n\n"
    )
    assignments_section = (
        '<section class="card" aria-labelledby="assignments-heading">\n'
        f'  <h2 id="assignments-heading">{w["assignments"]}</h2>\n'
        '  <div class="table-scroll"><table class="table compact">\n'
        f'    <thead><tr><th scope="col">{w["startup"]}</th><th scope="col">{w["mentor"]}</th>'
        f'<th scope="col">{w["side"]}</th><th scope="col">{w["status"]}</th>'
        f'<th scope="col"><span class="visually-hidden">{w["remove"]}</span></th></tr></thead>\n'
        f"    <tbody>\n    {assignment_body}\n    </tbody>\n  </table></div>\n"
        f'  {form_start}\n    <input type="hidden" name="action" value="assign">\n'
        f"    {_assign_fields(figures.startups_by_name, figures.mentors_by_name)}\n"
        f'    <button type="submit" class="secondary">{w["add_by_hand"]}</button>\n  </form>\n</section>\n\n'
    )
    figures_section = (
        '<section class="card" aria-labelledby="figures-heading">\n'
        f'  <h2 id="figures-heading">{w["progress"]}</h2>\n'
        '  \n<ul class="stats">\n'
        f"  <li><strong>{_text(coverage['both'])} / {_text(figures.startups)}</strong> {w['both']}</li>\n"
        f"  <li><strong>{_text(coverage['us'])}</strong> {w['us']}</li>\n"
        f"  <li><strong>{_text(coverage['jp'])}</strong> {w['jp']}</li>\n"
        f"  <li><strong>{_text(len(figures.at_risk))}</strong> {without_session}</li>\n"
        "</ul>\n"
        f"<h3>{w['load']}</h3>\n"
        '<div class="table-scroll"><table class="table compact">\n'
        f'  <thead><tr><th scope="col">{w["mentor"]}</th><th scope="col">{w["side"]}</th>'
        f'<th scope="col">{w["capacity"]}</th><th scope="col">{w["rating"]}</th></tr></thead>\n'
        f"  <tbody>{mentor_load_rows(figures.loads)}</tbody>\n</table></div>\n"
        f"<h3>{w['per_pair']}</h3>\n"
        '<div class="table-scroll"><table class="table compact">\n'
        f'  <thead><tr><th scope="col">{w["startup"]}</th><th scope="col">{w["mentor"]}</th>'
        f'<th scope="col">{w["held"]}</th><th scope="col">{w["upcoming"]}</th>'
        f'<th scope="col">{w["last_session"]}</th></tr></thead>\n'
        f"  <tbody>{pairs}</tbody>\n</table></div>\n"
        f"<h3>{w['at_risk']}</h3>\n"
        f'<ul class="plain">{at_risk}</ul>\n\n'
        "</section>\n"
    )
    # Every value above was escaped; the words are written as the catalog has them, as {% translate %} does.
    return mark_safe(f"\n{crumbs}{head}{steps}{assignments_section}{figures_section}")  # noqa: S308
