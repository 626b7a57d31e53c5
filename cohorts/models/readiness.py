"""The cohort's readiness picture kept as counts: how many submitted U.S. and Japanese applicants
gave each answer to each readiness item.

An application counts while it is submitted (in any of the submitted statuses) and its
company is in one of the two countries: its snapshot's readiness answers each add one to the
tally of (cohort, country, item, answer). The tally moves when that changes: an application
saved into or out of the submitted statuses, a snapshot taken again, an application deleted,
a company moving country. Moves between the submitted statuses (a decision released, an
acceptance declined) leave it as it is, so bulk updates of those statuses need no care.

`rebuild_readiness_tally` counts a cohort afresh from the snapshots, for rows written without
`save` (bulk creates) and as the reference the tests compare with.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from accelerator.companies.models import Company

from .applications import Application, Cohort

# The statuses in which an application's answers count (the selectors' SUBMITTED_STATUSES).
COUNTED_STATUSES = frozenset(
    (
        Application.Status.SUBMITTED,
        Application.Status.ACCEPTED,
        Application.Status.WAITLISTED,
        Application.Status.REJECTED,
        Application.Status.DECLINED,
    )
)
COUNTED_COUNTRIES = frozenset(("US", "JP"))
ANSWERS = frozenset(("1", "2", "3", "4", "5"))
# Not known without asking the database: the snapshot was not loaded.
UNLOADED = object()

Key = tuple[str, str, str]


class ReadinessTally(models.Model):
    """How many of a cohort's submitted applicants from one country gave one answer to one readiness item."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="readiness_tallies"
    )
    country = models.CharField(_("country"), max_length=2)
    item = models.CharField(_("readiness item"), max_length=64)
    answer = models.CharField(_("answer"), max_length=1)
    applicants = models.IntegerField(_("applicants"), default=0)

    class Meta:
        verbose_name = _("readiness tally")
        verbose_name_plural = _("readiness tallies")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "country", "item", "answer"], name="one_tally_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.country} {self.item}={self.answer}: {self.applicants}"


def answer_text(value: Any) -> str | None:
    """An answer as the database's JSON functions give it as text: 3 and "3" alike; None if not 1 to 5."""
    if isinstance(value, bool):
        return None
    text = str(value) if isinstance(value, int | str) else None
    return text if text in ANSWERS else None


def readiness_of(snapshot: Any) -> dict[str, str]:
    """The readiness answers of a snapshot that count: item code to answer text."""
    readiness = snapshot.get("readiness") if isinstance(snapshot, dict) else None
    if not isinstance(readiness, dict):
        return {}
    answers = {code: answer_text(value) for code, value in readiness.items()}
    return {code: text for code, text in answers.items() if text is not None}


def contribution(status: str, country: str, readiness: Mapping[str, str]) -> Counter[Key]:
    """What one application adds to its cohort's tally."""
    if status not in COUNTED_STATUSES or country not in COUNTED_COUNTRIES:
        return Counter()
    return Counter((country, code, text) for code, text in readiness.items())


def _country_of(company_id: int | None) -> str:
    if company_id is None:
        return ""
    return str(Company.objects.filter(pk=company_id).values_list("country", flat=True).first() or "")


def add_to_tally(cohort_id: int, change: Counter[Key]) -> None:
    """Adds `change` (negative counts subtract) to the cohort's tally, in two queries."""
    change = Counter({key: count for key, count in change.items() if count})
    if not change:
        return
    ReadinessTally.objects.bulk_create(
        [
            ReadinessTally(cohort_id=cohort_id, country=country, item=item, answer=answer)
            for country, item, answer in change
        ],
        ignore_conflicts=True,
    )
    matches = [Q(country=country, item=item, answer=answer) for country, item, answer in change]
    condition = matches[0]
    for match in matches[1:]:
        condition |= match
    ReadinessTally.objects.filter(condition, cohort_id=cohort_id).update(
        applicants=F("applicants")
        + Case(*[When(match, then=Value(count)) for match, count in zip(matches, change.values(), strict=True)])
    )


TALLIED_FIELDS = ("status", "company_id", "snapshot")


def remember_counted_state(application: Application) -> None:
    """Notes what the tally holds for `application` as stored, to compare with when it is saved."""
    fields = application.__dict__
    application._tally_state = (  # type: ignore[attr-defined]
        fields.get("status"),
        fields.get("company_id"),
        readiness_of(fields["snapshot"]) if "snapshot" in fields else UNLOADED,
    )


def count_saved_application(application: Application, *, adding: bool, update_fields=None) -> None:
    """Moves the tally for `application`, just saved, from what it counted before to what it counts now.

    Only the fields the save wrote count as changed (`update_fields`, or the loaded fields of
    an application loaded with some deferred).
    """
    before = getattr(application, "_tally_state", None)
    old_status, old_company_id, old_readiness = ("", None, {}) if adding or before is None else before
    if adding or update_fields is None:
        saved = set(TALLIED_FIELDS)
    else:
        saved = {"company_id" if name == "company" else name for name in update_fields}
    new_status = application.status if "status" in saved else old_status
    new_company_id = application.company_id if "company_id" in saved else old_company_id
    if "snapshot" not in saved:
        new_readiness = old_readiness
    elif "snapshot" in application.__dict__:
        new_readiness = readiness_of(application.__dict__["snapshot"])
    else:
        new_readiness = UNLOADED
    application._tally_state = (new_status, new_company_id, new_readiness)  # type: ignore[attr-defined]
    counted_before, counted_now = old_status in COUNTED_STATUSES, new_status in COUNTED_STATUSES
    if not counted_before and not counted_now:
        return
    if counted_before == counted_now and old_company_id == new_company_id and old_readiness == new_readiness:
        return  # the usual save: a score, a staged decision, a note
    if old_readiness is UNLOADED or new_readiness is UNLOADED:
        # A snapshot not loaded was not written either: it is the stored one, before and after.
        old_readiness = new_readiness = _stored_readiness(application.pk)
        application._tally_state = (new_status, new_company_id, new_readiness)  # type: ignore[attr-defined]
    if new_company_id == application.company_id:
        country = str(application.company.country)
    else:
        country = _country_of(new_company_id)
    old_country = country if old_company_id == new_company_id else _country_of(old_company_id)
    change = contribution(new_status, country, new_readiness)  # type: ignore[arg-type]
    change.subtract(contribution(old_status, old_country, old_readiness))  # type: ignore[arg-type]
    add_to_tally(application.cohort_id, change)


def _stored_readiness(pk: int) -> dict[str, str]:
    return readiness_of(Application.objects.filter(pk=pk).values_list("snapshot", flat=True).first())


@receiver(post_init, sender=Application)
def _remember_application_state(sender, instance: Application, **kwargs) -> None:
    remember_counted_state(instance)


@receiver(post_save, sender=Application)
def _count_saved_application(sender, instance: Application, created: bool, update_fields=None, **kwargs) -> None:
    count_saved_application(instance, adding=created, update_fields=update_fields)


@receiver(post_delete, sender=Application)
def _uncount_deleted_application(sender, instance: Application, **kwargs) -> None:
    state = getattr(instance, "_tally_state", None)
    status, company_id, readiness = state or (instance.status, instance.company_id, UNLOADED)
    if status not in COUNTED_STATUSES:
        return
    if readiness is UNLOADED:
        readiness = readiness_of(instance.__dict__.get("snapshot"))
    change = Counter[Key]()
    change.subtract(contribution(status, _country_of(company_id), readiness))
    add_to_tally(instance.cohort_id, change)


@receiver(post_init, sender=Company)
def _remember_company_country(sender, instance: Company, **kwargs) -> None:
    instance._tally_country = instance.__dict__.get("country")  # type: ignore[attr-defined]


@receiver(post_save, sender=Company)
def _count_company_country(sender, instance: Company, created: bool, update_fields=None, **kwargs) -> None:
    """A company moving country moves its applications (`Application.company_country`) and its submitted
    applications' answers to the new country's tally."""
    old, new = getattr(instance, "_tally_country", None), instance.__dict__.get("country")
    instance._tally_country = new  # type: ignore[attr-defined]
    if created or old is None or str(old) == str(new):
        return
    Application.objects.filter(company=instance).update(company_country=str(new))
    if not {str(old), str(new)} & COUNTED_COUNTRIES:
        return
    applications = Application.objects.filter(company=instance, status__in=COUNTED_STATUSES)
    for cohort_id, snapshot in applications.values_list("cohort_id", "snapshot"):
        readiness = readiness_of(snapshot)
        change = contribution(Application.Status.SUBMITTED, str(new), readiness)
        change.subtract(contribution(Application.Status.SUBMITTED, str(old), readiness))
        add_to_tally(cohort_id, change)


def rebuild_readiness_tally(cohorts: Iterable[Cohort]) -> None:
    """Counts each cohort's tally afresh from its submitted applications' snapshots."""
    for cohort in cohorts:
        ReadinessTally.objects.filter(cohort=cohort).delete()
        ReadinessTally.objects.bulk_create(
            ReadinessTally(cohort=cohort, country=country, item=item, answer=answer, applicants=count)
            for country, item, answer, count in counted_from_snapshots(cohort.pk)
        )


def counted_from_snapshots(cohort_id: int) -> list[tuple[str, str, str, int]]:
    """(country, item code, answer, applicants) counted in the database from the snapshots.

    Each snapshot's answers are spread into rows with the JSON table function of the
    database (`jsonb_each_text` or SQLite's `json_each`) and grouped by country, item and
    answer. Answers are compared as text, so 3 and "3" count alike.
    """
    applications = Application._meta.db_table
    companies = Company._meta.db_table
    if connection.vendor == "postgresql":
        answers = "jsonb_each(application.snapshot -> 'readiness')"
        is_object = "jsonb_typeof(application.snapshot -> 'readiness') = 'object'"
        is_answer = "jsonb_typeof(answer.value) IN ('number', 'string')"
        text = "(answer.value #>> '{}')"
    else:
        answers = "json_each(application.snapshot, '$.readiness')"
        is_object = "json_type(application.snapshot, '$.readiness') = 'object'"
        is_answer = "answer.type IN ('integer', 'text')"
        text = "CAST(answer.value AS TEXT)"
    statuses, countries, texts = sorted(COUNTED_STATUSES), sorted(COUNTED_COUNTRIES), sorted(ANSWERS)
    sql = f"""
        SELECT company.country, answer.key, {text}, COUNT(*)
        FROM {applications} AS application
        JOIN {companies} AS company ON company.id = application.company_id
        CROSS JOIN {answers} AS answer
        WHERE {is_object}
          AND application.cohort_id = %s
          AND application.status IN ({", ".join(["%s"] * len(statuses))})
          AND company.country IN ({", ".join(["%s"] * len(countries))})
          AND {is_answer}
          AND {text} IN ({", ".join(["%s"] * len(texts))})
        GROUP BY company.country, answer.key, {text}
    """  # noqa: S608 (table names and placeholders only)
    with connection.cursor() as cursor:
        cursor.execute(sql, [cohort_id, *statuses, *countries, *texts])
        return [(country, item, str(answer), count) for country, item, answer, count in cursor.fetchall()]
