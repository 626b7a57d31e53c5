"""Advisory councils: meetings with timed agendas, minutes, motions, decisions, actions and results."""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accelerator.accounts.models import time_zone_choices
from accelerator.companies.models import Company


def _in_japanese() -> bool:
    return (translation.get_language() or "en").startswith("ja")


class Bilingual(models.Model):
    """Text kept in English and Japanese; shown in the reader's language, else the other."""

    class Meta:
        abstract = True

    def _pick(self, field: str) -> str:
        english, japanese = getattr(self, f"{field}_en"), getattr(self, f"{field}_ja")
        return (japanese or english) if _in_japanese() else (english or japanese)


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    JAPANESE = "ja", _("Japanese")


class Council(Bilingual):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    visibility = models.CharField(_("who sees its pages"), max_length=10, choices=Visibility, default=Visibility.PUBLIC)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Voting members (the chair and members) who must be present for a vote."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            models.CheckConstraint(condition=~Q(name_en="", name_ja=""), name="council_has_a_name"),
            models.CheckConstraint(condition=Q(quorum__gte=1), name="council_quorum_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:council", args=[self.slug])

    @property
    def name(self) -> str:
        return self._pick("name")

    @property
    def description(self) -> str:
        return self._pick("description")

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class CouncilMembership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARIAT = "secretariat", _("Secretariat")
        OBSERVER = "observer", _("Observer")

    VOTING_ROLES = (Role.CHAIR, Role.MEMBER)

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)

    class Meta:
        ordering = ["council", "role", "user__display_name"]
        verbose_name = _("council membership")
        verbose_name_plural = _("council memberships")
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="one_council_role_per_person"),
            models.UniqueConstraint(fields=["council"], condition=Q(role="chair"), name="one_chair_per_council"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @property
    def votes(self) -> bool:
        return self.role in self.VOTING_ROLES


class Meeting(Bilingual):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=time_zone_choices, default="Asia/Tokyo")
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    # Bumped at every publication, so calendars replace the invitation they already hold.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(condition=~Q(title_en="", title_ja=""), name="meeting_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("councils:meeting", args=[self.pk])

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def length(self) -> timedelta:
        return self.ends_at - self.starts_at


class AgendaItem(Bilingual):
    class Status(models.TextChoices):
        PENDING = "pending", _("Proposed, pending")
        ACCEPTED = "accepted", _("Accepted")
        DEFERRED = "deferred", _("Deferred")
        RETURNED = "returned", _("Returned")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    order = models.PositiveIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    presenter_name = models.CharField(_("presenter (if not a platform user)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACCEPTED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposed_items"
    )
    response_reason = models.TextField(_("reason"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(condition=~Q(title_en="", title_ja=""), name="agenda_item_has_a_title"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="agenda_item_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def description(self) -> str:
        return self._pick("description")

    @property
    def presenter_label(self) -> str:
        return str(self.presenter) if self.presenter_id else self.presenter_name


def private_storage():
    return storages["private"]


def _document_path(instance: "AgendaDocument", filename: str) -> str:
    return f"councils/meetings/{instance.item.meeting_id}/{filename}"


class AgendaDocument(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, storage=private_storage, max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("councils:document", args=[self.pk])

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        REMOTE = "remote", _("Present online")
        APOLOGIES = "apologies", _("Apologies")
        ABSENT = "absent", _("Absent")

    PRESENT_STATUSES = (Status.PRESENT, Status.REMOTE)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("attendance"), max_length=10, choices=Status)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_status_display()}"


class Minute(models.Model):
    """The minute of one agenda item; every saved text is also kept as a version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    text_en = models.TextField(_("minute (English)"), blank=True)
    text_ja = models.TextField(_("minute (Japanese)"), blank=True)
    authoritative_language = models.CharField(
        _("authoritative language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="approved_minutes"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minute")
        verbose_name_plural = _("minutes")
        constraints = [models.CheckConstraint(condition=~Q(text_en="", text_ja=""), name="minute_has_text")]

    def __str__(self) -> str:
        return str(self.item)

    @property
    def authoritative_text(self) -> str:
        return self.text_ja if self.authoritative_language == Language.JAPANESE else self.text_en

    @property
    def text(self) -> str:
        english, japanese = self.text_en, self.text_ja
        return (japanese or english) if _in_japanese() else (english or japanese)


class MinuteVersion(models.Model):
    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text_en = models.TextField(blank=True)
    text_ja = models.TextField(blank=True)
    authoritative_language = models.CharField(max_length=2, choices=Language)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["minute", "-version"]
        constraints = [models.UniqueConstraint(fields=["minute", "version"], name="one_minute_version_number")]

    def __str__(self) -> str:
        return f"{self.minute} v{self.version}"


class Motion(Bilingual):
    class Outcome(models.TextChoices):
        OPEN = "open", _("Open for votes")
        CARRIED = "carried", _("Carried")
        DEFEATED = "defeated", _("Defeated")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="motions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="motions")
    text_en = models.TextField(_("motion (English)"), blank=True)
    text_ja = models.TextField(_("motion (Japanese)"), blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, default=Outcome.OPEN)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    abstentions = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints = [models.CheckConstraint(condition=~Q(text_en="", text_ja=""), name="motion_has_text")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self._pick("text")


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["motion", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["motion", "member"], name="one_vote_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class Decision(Bilingual):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions")
    motion = models.OneToOneField(Motion, on_delete=models.SET_NULL, null=True, blank=True, related_name="decision")
    number = models.PositiveIntegerField(_("number"))
    text_en = models.TextField(_("decision (English)"))
    text_ja = models.TextField(_("decision (Japanese)"))
    decided_on = models.DateField(_("decided on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [models.UniqueConstraint(fields=["council", "number"], name="one_decision_number_per_council")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text}"

    def get_absolute_url(self) -> str:
        return reverse("councils:decision", args=[self.pk])

    @property
    def text(self) -> str:
        return self._pick("text")

    @property
    def reference(self) -> str:
        return f"{self.council.slug.upper()}-{self.number:03d}"


class ActionItem(Bilingual):
    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    CLOSED = (Status.DONE, Status.CANCELLED)

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    title_en = models.CharField(_("action (English)"), max_length=300, blank=True)
    title_ja = models.CharField(_("action (Japanese)"), max_length=300, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_actions",
        verbose_name=_("owner (person)"),
    )
    owner_company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_actions",
        verbose_name=_("owner (organisation)"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False, owner_company__isnull=True)
                | Q(owner_user__isnull=True, owner_company__isnull=False),
                name="action_item_has_one_owner",
            ),
            models.CheckConstraint(condition=~Q(title_en="", title_ja=""), name="action_item_has_a_title"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="action_item_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def owner(self):
        return self.owner_user or self.owner_company

    @property
    def owner_label(self) -> str:
        if self.owner_company_id:
            return self.owner_company.display_name
        return str(self.owner_user)

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED


class Result(Bilingual):
    """An intended result of a decision; a result with children takes their weighted progress."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")
        ACHIEVED = "achieved", _("Achieved")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="results")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    title_en = models.CharField(_("result (English)"), max_length=300, blank=True)
    title_ja = models.CharField(_("result (Japanese)"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.NOT_STARTED)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)
    review_reminded_on = models.DateField(null=True, blank=True, editable=False)
    first_progress_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="result_progress_percent"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="result_weight_positive"),
            models.CheckConstraint(condition=~Q(title_en="", title_ja=""), name="result_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self._pick("title")


class Milestone(Bilingual):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="milestones")
    title_en = models.CharField(_("milestone (English)"), max_length=300, blank=True)
    title_ja = models.CharField(_("milestone (Japanese)"), max_length=300, blank=True)
    due_on = models.DateField(_("date"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [models.CheckConstraint(condition=~Q(title_en="", title_ja=""), name="milestone_has_a_title")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self._pick("title")
