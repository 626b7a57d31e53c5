"""Binational cohorts: calls for applications, applications, reviews and decisions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField

from accelerator.companies.models import Company


def _in_japanese() -> bool:
    return (get_language() or "en").startswith("ja")


def _bilingual(english: str, japanese: str) -> str:
    if _in_japanese():
        return japanese or english
    return english or japanese


def _lines(text: str) -> list[str]:
    """The non-blank lines of `text`, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def private_storage():
    return storages["private"]


# Words the cohort URLs use for their own pages.
RESERVED_SLUGS = frozenset({"new", "applications", "reviews", "staff", "mentoring", "mentors"})


class Cohort(models.Model):
    """One intake of the program: a call for applications, its review and the program itself."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        REVIEWING = "reviewing", _("In review")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")

    name_en = models.CharField(_("name in English"), max_length=200)
    name_ja = models.CharField(_("name in Japanese"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    description_en = models.TextField(_("description in English"))
    description_ja = models.TextField(_("description in Japanese"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    program_starts_on = models.DateField(_("program starts"))
    program_ends_on = models.DateField(_("program ends"))
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    review_due_at = models.DateTimeField(
        _("reviews due"), null=True, blank=True, help_text=_("Reviews not submitted by then show as overdue.")
    )
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    min_share_us = models.PositiveSmallIntegerField(
        _("minimum share of U.S. companies (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    min_share_jp = models.PositiveSmallIntegerField(
        _("minimum share of Japanese companies (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    eligible_countries: list[Country] = CountryField(
        _("countries allowed"), multiple=True, blank=True, help_text=_("Leave empty to allow every country.")
    )
    min_trl = models.PositiveSmallIntegerField(
        _("minimum TRL"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    blind_review = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers do not see who the applicant is.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="cohort_closes_after_it_opens",
                violation_error_message=_("Applications must close after they open."),
            ),
            models.CheckConstraint(
                condition=Q(program_ends_on__gte=F("program_starts_on")),
                name="cohort_program_ends_after_it_starts",
                violation_error_message=_("The program must end on or after its first day."),
            ),
            models.CheckConstraint(
                condition=Q(min_share_us__lte=100 - F("min_share_jp")),
                name="cohort_country_mix_at_most_100",
                violation_error_message=_("The U.S. and Japanese minimum shares add up to more than 100%%."),
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="cohort_has_seats"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This web address name is used by the site itself; choose another.")})

    @property
    def name(self) -> str:
        return _bilingual(self.name_en, self.name_ja)

    @property
    def description(self) -> str:
        return _bilingual(self.description_en, self.description_ja)

    def is_accepting_applications(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at

    @property
    def time_left(self):
        """Time until applications close, or None once they have."""
        left = self.closes_at - timezone.now()
        return left if left.total_seconds() > 0 else None


class Question(models.Model):
    """A cohort-specific question on the application form."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        CHOICE = "choice", _("Choice")
        NUMBER = "number", _("Number")

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SHORT_TEXT)
    label_en = models.CharField(_("question in English"), max_length=300)
    label_ja = models.CharField(_("question in Japanese"), max_length=300)
    help_en = models.CharField(_("hint in English"), max_length=300, blank=True)
    help_ja = models.CharField(_("hint in Japanese"), max_length=300, blank=True)
    choices_en = models.TextField(_("choices in English"), blank=True, help_text=_("One per line."))
    choices_ja = models.TextField(_("choices in Japanese"), blank=True, help_text=_("One per line, in the same order."))
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["cohort", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _bilingual(self.label_en, self.label_ja)

    @property
    def help(self) -> str:
        return _bilingual(self.help_en, self.help_ja)

    @property
    def english_choices(self) -> list[str]:
        """The choices in English, one a line, blank lines left out."""
        return _lines(self.choices_en)

    @property
    def japanese_choices(self) -> list[str]:
        return _lines(self.choices_ja)

    @property
    def choice_list(self) -> list[tuple[str, str]]:
        """(stored value, label in the current language): answers store the English choice."""
        english, japanese = self.english_choices, self.japanese_choices
        if _in_japanese() and len(japanese) == len(english):
            return list(zip(english, japanese, strict=True))
        return [(choice, choice) for choice in english]


class Criterion(models.Model):
    """A weighted criterion of a cohort's review rubric, scored 1 to 5."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=40)
    label_en = models.CharField(_("criterion in English"), max_length=200)
    label_ja = models.CharField(_("criterion in Japanese"), max_length=200)
    guidance_en = models.TextField(_("guidance in English"), blank=True)
    guidance_ja = models.TextField(_("guidance in Japanese"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=4, decimal_places=2, default=Decimal("1.00"), validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["cohort", "position", "id"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "code"], name="one_criterion_code_per_cohort"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="criterion_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _bilingual(self.label_en, self.label_ja)

    @property
    def guidance(self) -> str:
        return _bilingual(self.guidance_en, self.guidance_ja)


class Application(models.Model):
    """A company's application to a cohort: one per company and cohort."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", pgettext_lazy("application status", "Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Not selected")
        DECLINED = "declined", _("Offer declined")

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        WAITLIST = "waitlist", _("Waitlist")
        REJECT = "reject", _("Reject")

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="applications")
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    pitch_deck = models.FileField(
        _("pitch deck (PDF)"), upload_to="pitch-decks/%Y/%m/", storage=private_storage, blank=True
    )
    pitch_deck_name = models.CharField(_("pitch deck file name"), max_length=200, blank=True)
    snapshot = models.JSONField(
        _("profile at submission"),
        default=dict,
        blank=True,
        help_text=_("The capability profile, readiness self-assessment and compliance readiness as submitted."),
    )
    pending_decision = models.CharField(_("staged decision"), max_length=16, choices=Decision.choices, blank=True)
    decision_staged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision staged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decision released"), null=True, blank=True)
    decision_email_sent_at = models.DateTimeField(_("decision email sent"), null=True, blank=True)
    review_count = models.PositiveSmallIntegerField(_("reviews"), default=0)
    score_mean = models.DecimalField(_("weighted mean score"), max_digits=4, decimal_places=2, null=True, blank=True)
    score_spread = models.DecimalField(_("score spread"), max_digits=4, decimal_places=2, null=True, blank=True)
    disagreement_flagged = models.BooleanField(_("reviewers disagree"), default=False)
    # Kept by Message.save: the last message in the thread is the company's.
    awaiting_reply = models.BooleanField(_("awaiting a reply from staff"), default=False, editable=False)
    # The company's country, kept as the company's changes (models/readiness.py): the cohort's
    # counts by country read the applications alone.
    company_country = models.CharField(_("country"), max_length=2, blank=True, editable=False)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "company"], name="one_application_per_company_and_cohort"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="withdrawn", submitted_at__isnull=True)
                | Q(submitted_at__isnull=False),
                name="application_submitted_has_a_time",
            ),
        ]
        # The dashboard's ranking reads the best ten submitted applications from the index
        # application_ranking, (cohort, score_mean DESC NULLS LAST) over the submitted statuses.
        # Migration 0007 creates it; it is left out of the model's state (0011) because SQLite,
        # which rebuilds a table from that state whenever a column is added, cannot say NULLS LAST.
        indexes = [models.Index(fields=["cohort", "status"], name="application_cohort_status")]

    def __str__(self) -> str:
        return f"{self.company} → {self.cohort}"

    def save(self, *args, **kwargs):
        """A new application takes its company's country (an application never changes company); saving
        a loaded application leaves the stored country alone, which the company keeps up to date."""
        update_fields = kwargs.get("update_fields")
        if self._state.adding or self.__dict__.get("company_country") == "":
            self.company_country = str(self.company.country)
            if update_fields is not None and "company_country" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "company_country"]
        elif update_fields is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname in self.__dict__ and field.name != "company_country"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cohorts:application", kwargs={"pk": self.pk})

    def refresh_from_db(self, *args, **kwargs):
        """Reloaded, the application's readiness answers count as stored (see `readiness.py`)."""
        super().refresh_from_db(*args, **kwargs)
        from .readiness import remember_counted_state

        remember_counted_state(self)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT and self.cohort.is_accepting_applications()


class StatusChange(models.Model):
    """One step of an application's timeline, shown to the applicant."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="timeline"
    )
    status = models.CharField(_("status"), max_length=16, choices=Application.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.status}"


class Message(models.Model):
    """A message in the thread between an application's company and program staff."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_staff = models.BooleanField(_("from program staff"), default=False)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    notified_at = models.DateTimeField(_("email notification sent"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.author} on {self.application_id}"

    def save(self, *args, **kwargs):
        """A new message decides whose turn it is: the company's last word awaits staff's reply."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            Application.objects.filter(pk=self.application_id).update(awaiting_reply=not self.from_staff)


class StaffNote(models.Model):
    """Program staff's own note on an application: never shown to the company or reviewers."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="staff_note"
    )
    body = models.TextField(_("note"), max_length=4000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)

    class Meta:
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")

    def __str__(self) -> str:
        return f"Staff note on {self.application_id}"


class ReviewAssignment(models.Model):
    """A reviewer asked to review one application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="assignments"
    )
    # The application's cohort, which never changes: reviewer progress counts a cohort's
    # assignments without reading every application of the cohort.
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+", editable=False
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    # The reviewer's review of the application is submitted (kept by Review.save): reviewer
    # progress counts assignments without looking up each one's review.
    review_submitted = models.BooleanField(_("review submitted"), default=False, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_assignment_per_reviewer"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ← {self.application_id}"

    def save(self, *args, **kwargs):
        """The assignment takes its application's cohort. A reviewer assigned again after submitting a
        review (an assignment removed by hand) has it counted."""
        if self.cohort_id is None:
            self.cohort_id = self.application.cohort_id
        if self._state.adding and not self.review_submitted:
            self.review_submitted = Review.objects.filter(
                application_id=self.application_id, reviewer_id=self.reviewer_id, submitted_at__isnull=False
            ).exists()
        super().save(*args, **kwargs)


class Conflict(models.Model):
    """A reviewer's declared conflict of interest with a company: never assigned to it."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="conflicts"
    )
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["reviewer", "company"], name="one_conflict_per_company")]

    def __str__(self) -> str:
        return f"{self.reviewer} ✕ {self.company}"


# What each rubric score means, shown beside the reviewer's choice.
SCORE_MEANINGS = {
    1: _("weak"),
    2: _("below expectations"),
    3: _("meets expectations"),
    4: _("strong"),
    5: _("excellent"),
}


class Review(models.Model):
    """A reviewer's scores, comment and recommendation on one application."""

    class Recommendation(models.TextChoices):
        STRONG_ACCEPT = "strong_accept", _("Strongly recommend")
        ACCEPT = "accept", _("Recommend")
        UNSURE = "unsure", _("Undecided")
        REJECT = "reject", _("Do not recommend")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="reviews"
    )
    scores = models.JSONField(_("scores"), default=dict, help_text=_("Criterion code → score from 1 to 5."))
    comment = models.TextField(_("comment"), blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=16, choices=Recommendation.choices, blank=True)
    weighted_score = models.DecimalField(_("weighted score"), max_digits=4, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer"),
            models.CheckConstraint(
                condition=Q(weighted_score__isnull=True) | Q(weighted_score__gte=1, weighted_score__lte=5),
                name="review_weighted_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.application_id}"

    def save(self, *args, **kwargs):
        """A submitted review marks its assignment as done (see ReviewAssignment.review_submitted)."""
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if self.submitted_at is not None and (update_fields is None or "submitted_at" in update_fields):
            ReviewAssignment.objects.filter(
                application_id=self.application_id, reviewer_id=self.reviewer_id, review_submitted=False
            ).update(review_submitted=True)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
