"""An application as submitted: its answers and the company snapshot, as applicants, staff and reviewers read it."""

from datetime import datetime

from django.db.models import Field
from django.utils.translation import gettext as _

from accelerator.companies.models import (
    CapabilityProfile,
    CapabilityTag,
    ExportClassification,
    Likert,
    Membership,
    ReadinessItem,
    Segment,
    Sensitivity,
    TechnologyArea,
)

from ..models import Application, Question

COMPLIANCE_FIELDS = (
    "itar_registered",
    "export_classification",
    "classification_detail",
    "has_technology_control_plan",
    "licences_held",
    "cfius_sensitivity",
    "fefta_sensitivity",
)
COMPLIANCE_CHOICES = {
    "export_classification": ExportClassification,
    "cfius_sensitivity": Sensitivity,
    "fefta_sensitivity": Sensitivity,
}


def answer_rows(application: Application) -> list[dict]:
    """Each of the cohort's questions with the application's answer; a choice shows its label."""
    rows = []
    for question in application.cohort.questions.all():
        value = application.answers.get(str(question.pk), "")
        if question.kind == Question.Kind.CHOICE:
            value = dict(question.choice_list).get(value, value)
        rows.append({"question": question, "value": value})
    return rows


def _terms(model, codes: list[str]) -> list[str]:
    """The terms in the order the snapshot lists them; a code no longer known is shown as it is."""
    by_code = {term.code: str(term) for term in model.objects.filter(code__in=codes)}
    return [by_code.get(code, code) for code in codes]


def _compliance(stored: dict) -> list[dict]:
    rows = []
    for name in COMPLIANCE_FIELDS:
        if name not in stored:
            continue
        value = stored[name]
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif name in COMPLIANCE_CHOICES and value in COMPLIANCE_CHOICES[name].values:
            value = COMPLIANCE_CHOICES[name](value).label
        field = CapabilityProfile._meta.get_field(name)
        label = field.verbose_name if isinstance(field, Field) else name
        rows.append({"label": label, "value": value or "—"})
    return rows


def snapshot_view(snapshot: dict | None) -> dict:
    """The snapshot taken at submission, with codes turned into names in the reader's language ({} if none)."""
    if not snapshot:
        return {}
    profile = snapshot.get("profile", {})
    answered = snapshot.get("readiness", {})
    taken_at = snapshot.get("taken_at")
    return {
        "taken_at": datetime.fromisoformat(taken_at) if taken_at else None,
        "trl": profile.get("trl"),
        "segments": _terms(Segment, profile.get("segments") or []),
        "technology_areas": _terms(TechnologyArea, profile.get("technology_areas") or []),
        "offers": _terms(CapabilityTag, profile.get("offers") or []),
        "needs": _terms(CapabilityTag, profile.get("needs") or []),
        "offers_text": profile.get("offers_text", ""),
        "needs_text": profile.get("needs_text", ""),
        "readiness": [
            {"item": item, "score": answered[item.code], "label": Likert(answered[item.code]).label}
            for item in ReadinessItem.objects.filter(code__in=list(answered))
            if answered[item.code] in Likert.values
        ],
        "compliance": _compliance(snapshot.get("compliance", {})),
        "team": _team(snapshot.get("team")),
    }


def _team(stored: list | None) -> list[dict] | None:
    """The people at submission with their role's name; None when the snapshot predates the team."""
    if stored is None:
        return None
    roles = dict(Membership.Role.choices)
    return [
        {"name": person.get("name", ""), "role": roles.get(person.get("role", ""), person.get("role", ""))}
        for person in stored
        if isinstance(person, dict)
    ]
