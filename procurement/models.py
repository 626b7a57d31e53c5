"""Procurement opportunities from SAM.gov, OCDS publishers and Japan's portals, in one shape.

The core follows the Open Contracting Data Standard: an opportunity is one contracting
process (its `ocid`), with a buyer, a tender (title, description, classifications, value,
method, periods, documents) and awards. Around it sit what a binational team needs to
decide whether to bid: export-control markers, eligibility notes and treaty coverage.
Every change a source publishes is kept as a version.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorExact
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accelerator.companies.models import Company

from . import classifications


class Source(models.TextChoices):
    SAM = "sam", _("SAM.gov")
    OCDS = "ocds", _("OCDS publisher")
    KKJ = "kkj", _("Government procurement portal of Japan (KKJ)")
    PPORTAL = "pportal", _("Japan's procurement portal (awards)")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Open for bids")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", _("Closed")
    AWARDED = "awarded", _("Awarded")


class ProcurementMethod(models.TextChoices):
    """OCDS's closed code list for tender.procurementMethod."""

    OPEN = "open", _("Open")
    SELECTIVE = "selective", _("Selective")
    LIMITED = "limited", _("Limited")
    DIRECT = "direct", _("Direct award")
    UNKNOWN = "", _("Not stated")


class ExportMarker(models.TextChoices):
    ITAR = "itar", _("ITAR wording")
    EAR = "ear", _("EAR wording")
    US_PERSONS = "us_persons", _("U.S. persons only")
    CONTROLLED_DOCUMENTS = "controlled_documents", _("Export-controlled attachments")


MARKER_FIELDS = {
    ExportMarker.ITAR: "itar",
    ExportMarker.EAR: "ear",
    ExportMarker.US_PERSONS: "us_persons_only",
    ExportMarker.CONTROLLED_DOCUMENTS: "controlled_documents",
}


class Treaty(models.TextChoices):
    WTO_GPA = "wto_gpa", _("WTO Government Procurement Agreement")
    JAPAN_UK = "japan_uk_cepa", _("Japan–UK Comprehensive Economic Partnership Agreement")
    JAPAN_EU = "japan_eu_epa", _("Japan–EU Economic Partnership Agreement")


class SearchDocumentField(models.Field):
    """A tsvector column on PostgreSQL (text elsewhere), matched against a SearchQuery with `=` (@@)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


SearchDocumentField.register_lookup(SearchVectorExact)


class EnglishDocument(models.Func):
    """The English full-text document of a text column: to_tsvector('english', …) on PostgreSQL.

    Other databases search by substring only, so they keep the text itself.
    """

    template = "to_tsvector('english'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchDocumentField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="COALESCE(%(expressions)s, '')", **extra_context)


class Opportunity(models.Model):
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_id = models.CharField(_("identifier at the source"), max_length=200)
    ocid = models.CharField(_("open contracting ID"), max_length=250, unique=True)
    reference = models.CharField(_("solicitation number"), max_length=200, blank=True)
    notice_type = models.CharField(_("notice type as published"), max_length=120, blank=True)
    country = CountryField(_("buyer's country"))
    # Searched by substring through its trigram index (migration 0002), never by equality.
    buyer_name = models.CharField(_("buyer"), max_length=500, blank=True)
    buyer_id = models.CharField(_("buyer identifier"), max_length=120, blank=True)
    buyer_path = models.CharField(_("buyer's parent organisations"), max_length=1000, blank=True)
    language = models.CharField(_("language published"), max_length=8, default="en")
    title = models.CharField(_("title"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    title_translation = models.CharField(_("translated title"), max_length=1000, blank=True)
    description_translation = models.TextField(_("translated description"), blank=True)
    procurement_method = models.CharField(
        _("procurement method"), max_length=16, choices=ProcurementMethod.choices, blank=True
    )
    procurement_method_details = models.CharField(_("procurement method as published"), max_length=300, blank=True)
    set_aside_code = models.CharField(_("set-aside code"), max_length=40, blank=True)
    set_aside = models.CharField(_("set-aside"), max_length=300, blank=True)
    value_amount = models.DecimalField(_("value"), max_digits=20, decimal_places=2, null=True, blank=True)
    value_currency = models.CharField(_("currency"), max_length=3, blank=True)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    deadline = models.DateTimeField(_("response deadline"), null=True, blank=True, db_index=True)
    deadline_as_published = models.CharField(_("deadline as published"), max_length=100, blank=True)
    bids_open_at = models.DateTimeField(
        _("bids accepted from"),
        null=True,
        blank=True,
        help_text=_(
            "Japan's portal publishes this as the tender submission date; its documentation calls it the "
            "day bids start to be accepted."
        ),
    )
    tenders_opened_at = models.DateTimeField(_("opening of tenders"), null=True, blank=True)
    place_of_performance = models.CharField(_("place of performance"), max_length=500, blank=True)
    documents = models.JSONField(_("documents and links"), default=list, blank=True)
    contacts = models.JSONField(_("contacts"), default=list, blank=True)
    url = models.URLField(_("notice at the source"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    itar = models.BooleanField(_("ITAR wording"), default=False)
    ear = models.BooleanField(_("EAR wording"), default=False)
    us_persons_only = models.BooleanField(_("U.S. persons only"), default=False)
    controlled_documents = models.BooleanField(_("export-controlled attachments"), default=False)
    export_evidence = models.JSONField(_("export-control wording found"), default=list, blank=True)
    eligibility = models.JSONField(_("eligibility notes"), default=list, blank=True)
    treaties = models.JSONField(_("treaty coverage"), default=list, blank=True)
    raw = models.JSONField(_("source record"), default=dict)
    # Title, description, translations, buyer, reference and codes in one column, which
    # PostgreSQL indexes for full-text (English) and trigram (Japanese, substrings) search.
    search_text = models.TextField(editable=False, default="")
    # Kept by the database as the text changes, so a search reads it rather than parsing
    # every row's text again; GIN-indexed on PostgreSQL (migration 0008).
    search_vector = models.GeneratedField(
        expression=EnglishDocument("search_text"), output_field=SearchDocumentField(), db_persist=True, editable=False
    )
    fingerprint = models.CharField(max_length=64, editable=False)
    # Codes of the capabilities the notice's words name (procurement.capabilities), read at
    # import so ranking the feed does not search every text again; None: not read yet.
    capability_tags = models.JSONField(null=True, default=None, editable=False)
    # Digests of the source records already taken in, so a re-import passes over them unread.
    record_digests = models.JSONField(default=list, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    amended_at = models.DateTimeField(_("last amended"), null=True, blank=True)
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="one_opportunity_per_source_record"),
            models.CheckConstraint(
                condition=Q(value_amount__isnull=True) | ~Q(value_currency=""),
                name="opportunity_value_has_currency",
                violation_error_message=_("A value needs its currency."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="opportunity_status_deadline"),
            models.Index(fields=["country", "deadline"], name="opportunity_country_deadline"),
            models.Index(fields=["-posted_at"], name="opportunity_posted"),
            models.Index(fields=["source", "-posted_at"], name="opportunity_source_posted"),
            models.Index(fields=["set_aside_code", "deadline"], name="opportunity_set_aside_deadline"),
            # A currency with a value range ("JPY, at least ¥10M"): read as one range of this
            # index, not by scanning notices in every other currency.
            models.Index(fields=["value_currency", "value_amount"], name="opportunity_currency_value"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:detail", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        """The title in the reader's language where a translation exists."""
        if self.title_translation and not (get_language() or "en").startswith(self.language):
            return self.title_translation
        return self.title

    @property
    def display_description(self) -> str:
        if self.description_translation and not (get_language() or "en").startswith(self.language):
            return self.description_translation
        return self.description

    @property
    def export_markers(self) -> list[str]:
        return [marker for marker in ExportMarker.values if getattr(self, MARKER_FIELDS[marker])]

    @property
    def eligibility_notes(self) -> list[str]:
        """The eligibility notes, as sentences in the reader's language."""
        notes = []
        for note in self.eligibility:
            kind, value = note.get("kind"), note.get("value", "")
            if kind == "sam_registration":
                notes.append(_("The buyer awards only to entities registered in SAM.gov."))
            elif kind == "uei":
                notes.append(_("The notice asks for a SAM.gov Unique Entity ID (UEI)."))
            elif kind == "set_aside":
                notes.append(_("Set-aside: %(set_aside)s") % {"set_aside": value})
            elif kind == "unified_qualification":
                if value:
                    notes.append(
                        _(
                            "Japan's unified qualification (全省庁統一資格) for government procurement, "
                            "grade %(grades)s."
                        )
                        % {"grades": value.replace(",", "/")}
                    )
                else:
                    notes.append(_("Japan's unified qualification for government procurement (全省庁統一資格)."))
        return notes

    @property
    def treaty_labels(self) -> list[str]:
        return [str(Treaty(code).label) for code in self.treaties if code in Treaty.values]

    @property
    def is_open(self) -> bool:
        return self.status == Status.ACTIVE and (self.deadline is None or self.deadline > timezone.now())


class Classification(models.Model):
    """One code of a classification scheme the notice is filed under, with its label as published."""

    class Scheme(models.TextChoices):
        NAICS = "NAICS", _("NAICS")
        PSC = "PSC", _("Product and Service Code (PSC)")
        CPV = "CPV", _("Common Procurement Vocabulary (CPV)")
        UNSPSC = "UNSPSC", _("UNSPSC")
        JP_CATEGORY = "JP-CATEGORY", _("Japan: goods, services or works")
        JP_ITEM = "JP-ITEM", _("Japan: item code")

    # Indexed by the unique constraint that starts with it.
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="classifications", db_index=False
    )
    scheme = models.CharField(_("scheme"), max_length=16, choices=Scheme.choices)
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=500, blank=True)
    primary = models.BooleanField(_("main classification"), default=False)

    class Meta:
        ordering = ["-primary", "scheme", "code"]
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "scheme", "code"], name="one_code_per_scheme"),
        ]
        indexes = [models.Index(fields=["scheme", "code"], name="classification_code")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.code}"

    @property
    def display_label(self) -> str:
        """The label in the reader's language where the platform knows the scheme's terms."""
        return classifications.display_label(self.scheme, self.code, self.label)


class Award(models.Model):
    # Indexed by the unique constraint that starts with it.
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="awards", db_index=False)
    award_id = models.CharField(_("award identifier"), max_length=200)
    date = models.DateTimeField(_("award date"), null=True, blank=True)
    value_amount = models.DecimalField(_("value"), max_digits=20, decimal_places=2, null=True, blank=True)
    value_currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(_("status"), max_length=16, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "award_id"], name="one_award_per_id"),
            models.CheckConstraint(
                condition=Q(value_amount__isnull=True) | ~Q(value_currency=""), name="award_value_has_currency"
            ),
        ]

    def __str__(self) -> str:
        return self.award_id


class AwardSupplier(models.Model):
    """A supplier named on an award; an award with several is a consortium."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="suppliers")
    name = models.CharField(_("supplier"), max_length=500, db_index=True)
    identifier = models.CharField(
        _("identifier"), max_length=64, blank=True, db_index=True, help_text=_("UEI, corporate number or company ID.")
    )
    scheme = models.CharField(_("identifier scheme"), max_length=32, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("award supplier")
        verbose_name_plural = _("award suppliers")

    def __str__(self) -> str:
        return self.name


class OpportunityVersion(models.Model):
    """The opportunity as one import found it; the first is version 1, each change adds one."""

    # Indexed by the unique constraint that starts with it.
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="versions", db_index=False)
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    snapshot = models.JSONField(_("normalised record"))

    class Meta:
        ordering = ["opportunity", "-number"]
        verbose_name = _("opportunity version")
        verbose_name_plural = _("opportunity versions")
        constraints = [models.UniqueConstraint(fields=["opportunity", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return f"{self.opportunity_id} v{self.number}"


class ImportRun(models.Model):
    """One import of a source file, with its progress, counts and the records it skipped.

    A live fetcher's run (`fetcher` set) records the window of publication dates it asked
    its source for; the latest one that finished is where the next run starts.
    """

    class Fetcher(models.TextChoices):
        SAM = "sam", _("SAM.gov")
        AUSTENDER = "austender", _("AusTender")
        FIND_A_TENDER = "find_a_tender", _("Find a Tender")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    source = models.CharField(_("format"), max_length=16, choices=Source.choices)
    file_name = models.CharField(_("file"), max_length=300)
    stored_file = models.CharField(max_length=500, blank=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    processed = models.PositiveIntegerField(_("records read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    errors = models.JSONField(_("records skipped and why"), default=list, blank=True)
    refusal = models.TextField(_("why the file was refused"), blank=True)
    fetcher = models.CharField(_("live source"), max_length=16, choices=Fetcher.choices, blank=True)
    window_start = models.DateTimeField(_("published from"), null=True, blank=True)
    window_end = models.DateTimeField(_("published until"), null=True, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [
            models.Index(fields=["fetcher", "-window_end"], condition=~Q(fetcher=""), name="import_run_fetch_window")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.file_name}"

    @property
    def summary(self) -> str:
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged} skipped={self.skipped}"


class ProcurementProfile(models.Model):
    """What a company declares for public procurement: codes it works under and its registrations."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="procurement_profile"
    )
    naics_codes = models.JSONField(_("NAICS codes"), default=list, blank=True)
    psc_codes = models.JSONField(_("product and service codes (PSC)"), default=list, blank=True)
    uei = models.CharField(_("SAM.gov unique entity ID (UEI)"), max_length=12, blank=True)
    corporate_number = models.CharField(_("corporate number (法人番号)"), max_length=13, blank=True)
    unified_qualification_grade = models.CharField(
        _("unified qualification grade (全省庁統一資格)"),
        max_length=1,
        blank=True,
        choices=[("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("procurement profile")
        verbose_name_plural = _("procurement profiles")

    def __str__(self) -> str:
        return str(self.company)


class SavedOpportunity(models.Model):
    """An opportunity a person follows: its deadline reaches their calendar and reminders."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_opportunities")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="saved_by")
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved opportunity")
        verbose_name_plural = _("saved opportunities")
        constraints = [models.UniqueConstraint(fields=["user", "opportunity"], name="save_an_opportunity_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.opportunity_id}"


class SavedSearch(models.Model):
    """A person's search, run again as opportunities arrive; new matches are sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=120)
    query = models.JSONField(_("search"), default=dict)
    alerts = models.BooleanField(_("send me new matches"), default=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="one_saved_search_per_name")]

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    """News about one opportunity for one person: in their procurement inbox and, once, by email."""

    class Kind(models.TextChoices):
        NEW_MATCH = "new_match", _("New opportunity for a saved search")
        DEADLINE_7_DAYS = "deadline_7d", _("Deadline in 7 days")
        DEADLINE_48_HOURS = "deadline_48h", _("Deadline in 48 hours")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="procurement_alerts")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    saved_search = models.ForeignKey(SavedSearch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("procurement alert")
        verbose_name_plural = _("procurement alerts")
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity", "kind"], name="one_alert_per_kind"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="procurement_alert_unread")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.opportunity_id}"


# Bid teams -----------------------------------------------------------------------------------


def private_storage():
    return storages["private"]


class TeamStructure(models.TextChoices):
    """How the team bids, as FAR 9.601 knows teaming arrangements."""

    PRIME = "prime", _("Prime contractor with subcontractors")
    JOINT_VENTURE = "joint_venture", _("Joint venture")


class TeamStage(models.TextChoices):
    FORMING = "forming", _("Forming")
    BIDDING = "bidding", _("Bidding")
    SUBMITTED = "submitted", _("Submitted")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BidTeam(models.Model):
    """Companies bidding together for one opportunity: its roles, shares, checks and bid room."""

    CLOSED_STAGES = (TeamStage.WON, TeamStage.LOST, TeamStage.WITHDRAWN)

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.PROTECT, related_name="bid_teams"
    )
    name = models.CharField(_("team name"), max_length=200)
    structure = models.CharField(_("structure"), max_length=16, choices=TeamStructure.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=TeamStage.choices, default=TeamStage.FORMING)
    lead_company = models.ForeignKey(
        Company, verbose_name=_("company that formed the team"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product = models.CharField(
        _("what the team offers"),
        max_length=200,
        blank=True,
        help_text=_("The product or service the team bids with, e.g. an S-band ground station service."),
    )
    third_country_reason = models.TextField(
        _("why no member is from the buyer's country"),
        blank=True,
        help_text=_("For a buyer outside the U.S. and Japan: how the team serves that country without a member there."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    formed_at = models.DateTimeField(_("formed"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("bid submitted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bid team")
        verbose_name_plural = _("bid teams")
        indexes = [models.Index(fields=["stage", "created_at"], name="bid_team_stage")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("procurement:team", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.stage in self.CLOSED_STAGES


class TeamMember(models.Model):
    """A company on a bid team: invited, then accepted by one of its own people (double opt-in)."""

    class Role(models.TextChoices):
        PRIME = "prime", _("Prime contractor")
        SUBCONTRACTOR = "subcontractor", _("Subcontractor")
        JV_MEMBER = "jv_member", _("Joint venture member")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left the team")

    team = models.ForeignKey(BidTeam, verbose_name=_("bid team"), on_delete=models.CASCADE, related_name="members")
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="bid_team_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    share = models.DecimalField(_("work share (%)"), max_digits=5, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["team", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["team", "company"], name="a_company_joins_a_team_once"),
            models.CheckConstraint(condition=Q(share__gte=0, share__lte=100), name="team_share_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Registration(models.Model):
    """A registration a buyer requires, kept on the company's profile with its evidence and dates."""

    class Kind(models.TextChoices):
        SAM = "sam", _("SAM.gov registration and UEI")
        UNIFIED_QUALIFICATION = "jp_unified", _("Unified qualification (全省庁統一資格)")
        CORPORATE_NUMBER = "corporate_number", _("Corporate number (法人番号)")
        ABN = "abn", _("Australian Business Number (ABN)")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="procurement_registrations"
    )
    kind = models.CharField(_("registration"), max_length=20, choices=Kind.choices)
    identifier = models.CharField(_("number or identifier"), max_length=40)
    grade = models.CharField(
        _("grade"), max_length=1, blank=True, choices=[("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="procurement/registrations/%Y/", storage=private_storage, blank=True, max_length=300
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["company", "kind"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["company", "kind"], name="one_registration_per_kind")]

    def __str__(self) -> str:
        return f"{self.company}: {self.get_kind_display()}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.expires_on is None or self.expires_on >= on


class ExportAuthorisation(models.Model):
    """A licence or TAA the team asked for so technical data can go to a named member, and its decision."""

    class Kind(models.TextChoices):
        TAA = "taa", _("Technical assistance agreement (TAA)")
        DSP5 = "dsp5", _("ITAR export licence (DSP-5)")
        EAR_LICENCE = "ear_licence", _("EAR export licence")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Requested, no decision yet")
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    team = models.ForeignKey(BidTeam, on_delete=models.CASCADE, related_name="authorisations")
    member = models.ForeignKey(
        TeamMember, verbose_name=_("for member"), on_delete=models.CASCADE, related_name="authorisations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    requested_on = models.DateField(_("requested on"))
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["team", "requested_on", "pk"]
        verbose_name = _("licence or TAA")
        verbose_name_plural = _("licences and TAAs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}".strip()


class TeamTask(models.Model):
    team = models.ForeignKey(BidTeam, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bid_team_tasks",
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_at", "pk"]
        verbose_name = _("bid task")
        verbose_name_plural = _("bid tasks")

    def __str__(self) -> str:
        return self.title


def _team_document_path(instance: "TeamDocument", filename: str) -> str:
    return f"procurement/teams/{instance.team_id}/{filename}"


class TeamDocument(models.Model):
    """A private document of the bid room, served only to the team's people and program staff."""

    team = models.ForeignKey(BidTeam, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_team_document_path, storage=private_storage, max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    task = models.ForeignKey(
        TeamTask,
        verbose_name=_("evidence for task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("bid document")
        verbose_name_plural = _("bid documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:team_document", kwargs={"pk": self.team_id, "document": self.pk})

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class TeamMessage(models.Model):
    team = models.ForeignKey(BidTeam, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bid room message")
        verbose_name_plural = _("bid room messages")

    def __str__(self) -> str:
        return self.body[:60]
