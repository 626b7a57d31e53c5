"""The mentor program: mentor profiles, matching within capacity, office hours, sessions,
goals and mutual feedback.

A mentor takes a number of startups per cohort (their capacity). Each startup of a running
cohort gets one mentor from the U.S. side and one from the Japan side where the pool allows.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accelerator.accounts.models import time_zone_choices
from accelerator.companies.models import CapabilityTag, Company, Segment, TaxonomyTerm, TechnologyArea

from .applications import Cohort, _bilingual

# Each side sees the other's feedback once both have answered, or this long after the session.
FEEDBACK_PRIVATE_FOR = timedelta(days=7)


class LanguageLevel(models.TextChoices):
    NATIVE = "native", _("Native")
    BUSINESS = "business", _("Business")
    BASIC = "basic", _("Basic")
    NONE = "none", _("None")


class Side(models.TextChoices):
    """Which side of the Pacific a mentor works from: each startup gets one of each."""

    US = "us", _("U.S. side")
    JAPAN = "jp", _("Japan side")
    OTHER = "other", _("Other country")


class FunctionalExpertise(TaxonomyTerm):
    """Know-how beyond technology (export control, procurement, fundraising, ...).

    `covers` names the capability needs a mentor with this expertise answers, so that a
    startup needing U.S. market access is suggested mentors who know U.S. procurement.
    """

    covers = models.ManyToManyField(CapabilityTag, verbose_name=_("answers the needs"), blank=True, related_name="+")

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("functional expertise")
        verbose_name_plural = _("functional expertise")


class MentorProfile(models.Model):
    """What a mentor knows, speaks and can take on. One per user with the mentor role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mentor_profile",
    )
    country = CountryField(_("country"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=time_zone_choices)
    english = models.CharField(_("English"), max_length=16, choices=LanguageLevel.choices, default=LanguageLevel.NONE)
    japanese = models.CharField(_("Japanese"), max_length=16, choices=LanguageLevel.choices, default=LanguageLevel.NONE)
    bio_en = models.TextField(_("biography in English"), blank=True, max_length=4000)
    bio_ja = models.TextField(_("biography in Japanese"), blank=True, max_length=4000)
    segments = models.ManyToManyField(Segment, verbose_name=_("market segments"), blank=True, related_name="+")
    technology_areas = models.ManyToManyField(
        TechnologyArea, verbose_name=_("technology areas"), blank=True, related_name="+"
    )
    expertise = models.ManyToManyField(CapabilityTag, verbose_name=_("capabilities"), blank=True, related_name="+")
    functional_expertise = models.ManyToManyField(
        FunctionalExpertise, verbose_name=_("functional expertise"), blank=True, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many startups you can mentor in one cohort."),
    )
    is_paused = models.BooleanField(
        _("paused"), default=False, help_text=_("A paused mentor gets no new startups; current ones stay.")
    )
    meeting_url = models.URLField(_("video call link"), blank=True, help_text=_("Sent with every office-hour booking."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["user__display_name", "user__email"]
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=10), name="mentor_capacity_1_to_10"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def name(self) -> str:
        return str(self.user)

    @property
    def bio(self) -> str:
        return _bilingual(self.bio_en, self.bio_ja)

    @property
    def side(self) -> str:
        return {"US": Side.US, "JP": Side.JAPAN}.get(str(self.country), Side.OTHER)

    def get_side_display(self) -> str:
        """The side's name (U.S. side, Japan side, other country), as the mentor lists show it."""
        return str(_SIDE_NAMES.get(self.side, self.side))

    def speaks(self, language: str) -> bool:
        """Whether the mentor can hold a working conversation in `language` ("en" or "ja")."""
        level = self.english if language == "en" else self.japanese
        return level in (LanguageLevel.NATIVE, LanguageLevel.BUSINESS)


class MentorConflict(models.Model):
    """A company a mentor invests in or advises: they are never assigned to it."""

    class Relationship(models.TextChoices):
        INVESTS = "invests", _("Invests in it")
        ADVISES = "advises", _("Advises it")

    mentor = models.ForeignKey(
        MentorProfile, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="conflicts"
    )
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+")
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)

    class Meta:
        ordering = ["mentor", "company__legal_name"]
        verbose_name = _("mentor conflict")
        verbose_name_plural = _("mentor conflicts")
        constraints = [models.UniqueConstraint(fields=["mentor", "company"], name="one_mentor_conflict_per_company")]

    def __str__(self) -> str:
        return f"{self.mentor} ✕ {self.company}"


class MentorMatching(models.Model):
    """A cohort's mentor matching: the weights staff chose and where the round stands."""

    cohort = models.OneToOneField(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="mentor_matching"
    )
    weight_expertise = models.DecimalField(
        _("weight of expertise"), max_digits=4, decimal_places=2, default=Decimal("1.00"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )  # fmt: skip
    weight_language = models.DecimalField(
        _("weight of a shared language"), max_digits=4, decimal_places=2, default=Decimal("0.50"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )  # fmt: skip
    weight_overlap = models.DecimalField(
        _("weight of working-hour overlap"), max_digits=4, decimal_places=2, default=Decimal("0.30"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )  # fmt: skip
    suggested_at = models.DateTimeField(_("suggestions computed"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("assignments proposed"), null=True, blank=True)
    published_at = models.DateTimeField(_("assignments published"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor matching")
        verbose_name_plural = _("mentor matchings")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_expertise__gte=0, weight_language__gte=0, weight_overlap__gte=0),
                name="mentor_matching_weights_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.cohort)


class MentorSuggestion(models.Model):
    """A mentor on a startup's shortlist for a cohort, with the score and reasons behind it."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorProfile, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["cohort", "company", "position"]
        verbose_name = _("mentor suggestion")
        verbose_name_plural = _("mentor suggestions")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "company", "mentor"], name="one_mentor_suggestion_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.company} ← {self.mentor}"


class StartupRanking(models.Model):
    """A startup's choice of mentor, rank 1 (first choice) to 5."""

    MAX_RANKS = 5

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorProfile, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        ordering = ["cohort", "company", "rank"]
        verbose_name = _("mentor ranking")
        verbose_name_plural = _("mentor rankings")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "company", "mentor"], name="one_ranking_per_mentor"),
            models.UniqueConstraint(fields=["cohort", "company", "rank"], name="one_mentor_per_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1, rank__lte=5), name="mentor_rank_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.company}: {self.rank}. {self.mentor}"


class MentorInterest(models.Model):
    """A mentor's interest in working with a startup of a cohort."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorProfile, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("marked"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor interest")
        verbose_name_plural = _("mentor interests")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "mentor", "company"], name="one_interest_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.company}"


class MentorAssignment(models.Model):
    """A mentor assigned to a startup for a cohort: proposed, then published to both sides."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="mentor_assignments"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="mentor_assignments"
    )
    mentor = models.ForeignKey(
        MentorProfile, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="assignments"
    )
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    by_hand = models.BooleanField(_("set by hand"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "company__legal_name", "side"]
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "company", "mentor"], name="one_assignment_per_mentor_pair"),
            models.UniqueConstraint(
                fields=["cohort", "company", "side"],
                condition=Q(side__in=["us", "jp"]),
                name="one_mentor_per_side",
                violation_error_message=_("This startup already has a mentor from that side."),
            ),
            models.CheckConstraint(
                condition=Q(status="proposed", published_at__isnull=True)
                | Q(status="published", published_at__isnull=False),
                name="published_assignment_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "cohort"], name="assignment_mentor_cohort")]

    def __str__(self) -> str:
        return f"{self.company} ← {self.mentor} ({self.cohort})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    # Django's own get_FOO_display hashes every choice's lazy name on each call; the
    # mentoring pages call these once per row of long tables.
    def get_side_display(self) -> str:  # type: ignore[no-redef]
        return str(_SIDE_NAMES.get(self.side, self.side))

    def get_status_display(self) -> str:  # type: ignore[no-redef]
        return str(_ASSIGNMENT_STATUS_NAMES.get(self.status, self.status))


_SIDE_NAMES = dict(Side.choices)
_ASSIGNMENT_STATUS_NAMES = dict(MentorAssignment.Status.choices)


class OfficeHours(models.Model):
    """A weekly recurring slot, in the mentor's own time zone."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    mentor = models.ForeignKey(
        MentorProfile, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="office_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), default=30, validators=[MinValueValidator(15), MaxValueValidator(180)]
    )

    class Meta:
        ordering = ["mentor", "weekday", "starts_at"]
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "weekday", "starts_at"], name="one_office_hour_per_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="office_hours_weekday_0_to_6"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=180), name="office_hours_15_to_180_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor}: {self.get_weekday_display()} {self.starts_at:%H:%M}"


class OfficeHoursException(models.Model):
    """A day, in the mentor's zone, on which their weekly office hours do not take place."""

    mentor = models.ForeignKey(
        MentorProfile, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="office_hours_exceptions"
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["mentor", "date"]
        verbose_name = _("day without office hours")
        verbose_name_plural = _("days without office hours")
        constraints = [models.UniqueConstraint(fields=["mentor", "date"], name="one_exception_per_day")]

    def __str__(self) -> str:
        return f"{self.mentor}: {self.date}"


class MentorSession(models.Model):
    """An office hour booked by a startup with one of its mentors, and its log afterwards."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    assignment = models.ForeignKey(
        MentorAssignment, verbose_name=_("mentor assignment"), on_delete=models.PROTECT, related_name="sessions"
    )
    # Copied from the assignment so the database itself refuses a second booking of a slot.
    mentor = models.ForeignKey(MentorProfile, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(Company, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.BOOKED)
    agenda = models.TextField(_("what to discuss"), blank=True, max_length=2000)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=5000)
    private_notes = models.TextField(
        _("private notes"), blank=True, max_length=10000, help_text=_("Only you see these.")
    )
    logged_at = models.DateTimeField(_("logged"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("mentor session")
        verbose_name_plural = _("mentor sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "starts_at"],
                condition=Q(status="booked"),
                name="one_booking_per_mentor_slot",
                violation_error_message=_("This slot is already booked."),
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="mentor_session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["company", "starts_at"], name="mentor_session_company")]

    def __str__(self) -> str:
        return f"{self.company} · {self.mentor} · {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:mentor_session", kwargs={"pk": self.pk})

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def feedback_opens_at(self):
        """When each side sees the other's feedback even if one has not answered."""
        return self.ends_at + FEEDBACK_PRIVATE_FOR


class SessionFeedback(models.Model):
    """One side's rating (1–5) and comment on a session."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        STARTUP = "startup", _("Startup")

    session = models.ForeignKey(
        MentorSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="feedback"
    )
    role = models.CharField(_("from"), max_length=16, choices=Role.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        ordering = ["session", "role"]
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "role"], name="one_feedback_per_side"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.role}: {self.rating}"


class MentoringGoal(models.Model):
    """A goal a startup works towards with its mentors in a cohort."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(
        Company, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="mentoring_goals"
    )
    title = models.CharField(_("goal"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("set"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("mentoring goal")
        verbose_name_plural = _("mentoring goals")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """A step towards a goal, with an optional due date."""

    goal = models.ForeignKey(MentoringGoal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["goal", "due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title
