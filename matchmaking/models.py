from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator.companies.models import Company


class MatchRun(models.Model):
    """One computation of suggestions: all companies in chunks, or one changed company."""

    class Kind(models.TextChoices):
        FULL = "full", _("All companies")
        COMPANY = "company", _("One company")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FULL)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    company = models.ForeignKey(
        Company, verbose_name=_("company"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)
    chunks_done = models.PositiveIntegerField(_("chunks done"), default=0)
    companies_count = models.PositiveIntegerField(_("companies"), default=0)
    suggestions_count = models.PositiveIntegerField(_("suggestions"), default=0)
    new_suggestions_count = models.PositiveIntegerField(_("new suggestions"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        constraints = [
            models.CheckConstraint(condition=Q(chunks_done__lte=F("chunks_total")), name="chunks_done_within_total"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def progress(self) -> int:
        """Percent of chunks done."""
        if self.status == self.Status.SUCCEEDED:
            return 100
        return round(100 * self.chunks_done / self.chunks_total) if self.chunks_total else 0

    @property
    def duration(self) -> timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class MatchRunChunk(models.Model):
    """A slice of a full run's companies (by id range) that one worker computes."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    first_company_id = models.BigIntegerField()
    last_company_id = models.BigIntegerField()
    # When the chunk was last queued or taken up by a worker: a run whose chunks all stopped
    # moving is re-queued (a worker died holding them).
    attempted_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # The worker (Celery node name, or the host and process) that computed the chunk.
    computed_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="one_chunk_per_index")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.index}"


class RunResult(models.Model):
    """A suggestion computed by a run that has not finished yet; nobody reads these.

    The staging table of a run: chunks and refreshes write their results here (COPY on
    PostgreSQL), and the run replaces the suggestions from it in a few set-based statements.
    """

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="results")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    fit = models.PositiveSmallIntegerField(default=0)
    mutual = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    flags = models.JSONField(default=list)
    flag_kinds = models.CharField(max_length=32, blank=True, default="")
    fingerprint = models.CharField(max_length=64)
    # Set while the run is stored: the suggestion is new to its company, or comes back.
    announce = models.BooleanField(default=False, db_default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "company", "partner"], name="one_result_per_pair")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.company_id} → {self.partner_id}"


class Suggestion(models.Model):
    """A partner the engine suggests to a company, with the reasons it fits.

    Saving and dismissing belong to the company, so everyone on its team sees the same
    list. A dismissed suggestion stays hidden until either profile changes materially,
    which shows as a new fingerprint.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        SAVED = "saved", _("Saved")
        DISMISSED = "dismissed", _("Dismissed")

    class DismissReason(models.TextChoices):
        NOT_RELEVANT = "not_relevant", _("Not relevant to our business")
        ALREADY_KNOWN = "already_known", _("We already work with them")
        TOO_EARLY = "too_early", _("Too early for us")
        COMPLIANCE = "compliance", _("Export-control or compliance concerns")
        OTHER = "other", _("Another reason")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="suggestions"
    )
    partner = models.ForeignKey(Company, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    fit = models.PositiveSmallIntegerField(
        _("fit"), default=0, help_text=_("0–100 on a fixed scale: the same number means the same fit in every list.")
    )
    mutual = models.BooleanField(
        _("mutual fit"), default=False, help_text=_("Each side offers something the other needs.")
    )
    reasons = models.JSONField(_("reasons"), default=list)
    flags = models.JSONField(_("compliance flags"), default=list)
    flag_kinds = models.CharField(_("compliance flags"), max_length=32, blank=True)
    fingerprint = models.CharField(max_length=64)
    is_active = models.BooleanField(_("current"), default=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    dismiss_reason = models.CharField(_("reason"), max_length=32, choices=DismissReason.choices, blank=True)
    dismissed_fingerprint = models.CharField(max_length=64, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    first_suggested_at = models.DateTimeField(_("first suggested"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["company", "rank"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(fields=["company", "partner"], name="one_suggestion_per_pair"),
            models.CheckConstraint(condition=~Q(company=F("partner")), name="suggestion_not_to_itself"),
        ]
        indexes = [
            models.Index(fields=["company", "is_active", "rank"], name="suggestion_list"),
            # Feedback (saves and dismissals) is read by every run and refresh: a few rows of many.
            models.Index(
                fields=["company"], condition=Q(status__in=["saved", "dismissed"]), name="suggestion_feedback"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.partner} ({self.score:.2f})"

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:detail", kwargs={"pk": self.pk})

    @property
    def has_flags(self) -> bool:
        return bool(self.flags)


class Introduction(models.Model):
    """A request by one company to be introduced to another, answered by the other side.

    Double opt-in: contact people are shown to both sides only after acceptance.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    class DeclineReason(models.TextChoices):
        NOT_A_FIT = "not_a_fit", _("Not a fit for our business")
        TIMING = "timing", _("Not the right time")
        CAPACITY = "capacity", _("No capacity at the moment")
        COMPLIANCE = "compliance", _("Export-control or compliance concerns")
        OTHER = "other", _("Another reason")

    VALID_DAYS = 14
    REMIND_AFTER_DAYS = 5

    requester = models.ForeignKey(
        Company, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="introductions_requested"
    )
    recipient = models.ForeignKey(
        Company, verbose_name=_("requested from"), on_delete=models.CASCADE, related_name="introductions_received"
    )
    suggestion = models.ForeignKey(Suggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contact person"), on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.CharField(_("reason"), max_length=32, choices=DeclineReason.choices, blank=True)
    answer_note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("What the answering side wrote; shown to the requester.")
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    routed_to_staff_at = models.DateTimeField(
        _("passed to program staff"),
        null=True,
        blank=True,
        help_text=_("Set when the other company had no members to answer, so program staff reach out instead."),
    )
    request_emailed_at = models.DateTimeField(null=True, blank=True)
    answer_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "recipient"], condition=Q(status="pending"), name="one_open_introduction_per_pair"
            ),
            models.CheckConstraint(condition=~Q(requester=F("recipient")), name="introduction_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:introduction", kwargs={"pk": self.pk})

    @property
    def response_time(self) -> timedelta | None:
        return self.responded_at - self.created_at if self.responded_at else None

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def passed_to_staff(self) -> bool:
        """Nobody at the other company could answer, so program staff have the request."""
        return self.routed_to_staff_at is not None


class InboxItem(models.Model):
    """Something new for one person: the platform's in-app inbox.

    Matchmaking's items point at a suggestion or an introduction; other apps' items (a
    procurement alert: a new match for a saved search, a deadline reminder) point at their
    subject through `subject` and are named by a `key` unique per person, so a task that
    runs again adds nothing. Only the kind and references are stored: the text is written
    in the reader's language when the inbox is shown.
    """

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("New suggestion")
        INTRODUCTION_REQUESTED = "intro_requested", _("Introduction requested")
        INTRODUCTION_REMINDER = "intro_reminder", _("Introduction waiting for your answer")
        INTRODUCTION_ACCEPTED = "intro_accepted", _("Introduction accepted")
        INTRODUCTION_DECLINED = "intro_declined", _("Introduction declined")
        INTRODUCTION_EXPIRED = "intro_expired", _("Introduction expired")
        INTRODUCTION_FOR_STAFF = "intro_for_staff", _("Introduction to a company with no members")
        OPPORTUNITY_MATCH = "new_match", _("New opportunity for a saved search")
        DEADLINE_7_DAYS = "deadline_7d", _("Deadline in 7 days")
        DEADLINE_48_HOURS = "deadline_48h", _("Deadline in 48 hours")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_items")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    suggestion = models.ForeignKey(Suggestion, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    introduction = models.ForeignKey(
        Introduction, null=True, blank=True, on_delete=models.CASCADE, related_name="inbox_items"
    )
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    key = models.CharField(_("key"), max_length=100, blank=True, default="")
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox items")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "suggestion"], condition=Q(suggestion__isnull=False), name="one_item_per_suggestion"
            ),
            models.UniqueConstraint(
                fields=["user", "introduction", "kind"],
                condition=Q(introduction__isnull=False),
                name="one_item_per_introduction_event",
            ),
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="one_item_per_key"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="inbox_unread"),
            models.Index(fields=["subject_type", "subject_id"], name="inbox_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


class DigestSetting(models.Model):
    """How often a person wants new suggestions by email."""

    class Frequency(models.TextChoices):
        OFF = "off", _("Never")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="digest_setting"
    )
    frequency = models.CharField(
        _("email digest of new suggestions"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    INTERVALS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}

    class Meta:
        verbose_name = _("digest setting")
        verbose_name_plural = _("digest settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"
