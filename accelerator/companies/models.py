import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField


def _in_japanese() -> bool:
    return (get_language() or "en").startswith("ja")


class TaxonomyTerm(models.Model):
    """A term of a controlled vocabulary, named in English and Japanese.

    The terms are data, loaded by migration, so that the directory, the matching
    engine and the API share one list and translations live beside the codes.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ja if _in_japanese() and self.name_ja else self.name_en


class Segment(TaxonomyTerm):
    """A market segment of the space industry (launch, Earth observation, ...)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("market segment")
        verbose_name_plural = _("market segments")


class TechnologyArea(TaxonomyTerm):
    """A top-level area of the NASA 2020 Technology Taxonomy (TX01 ... TX17)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("technology area")
        verbose_name_plural = _("technology areas")

    def __str__(self) -> str:
        return f"{self.code.upper()} {self.name}"


class CapabilityTag(TaxonomyTerm):
    """A concrete capability a company can offer or need (e.g. SAR image processing)."""

    technology_area = models.ForeignKey(
        TechnologyArea, verbose_name=_("technology area"), null=True, blank=True, on_delete=models.SET_NULL
    )
    segment = models.ForeignKey(Segment, verbose_name=_("segment"), null=True, blank=True, on_delete=models.SET_NULL)

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")


class Standard(TaxonomyTerm):
    """A standard or certification scheme (JAXA JERG, MIL-STD, ECSS, AS9100, ...)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("standard or certification")
        verbose_name_plural = _("standards and certifications")


class ReadinessItem(models.Model):
    """One statement of the readiness self-assessment, answered on a 5-point scale.

    Market items ask whether a company is ready to enter the partner market; resource
    items ask whether it has the people, legal support and money to act on it. The gap
    between the two is what the program works on.
    """

    class Kind(models.TextChoices):
        MARKET = "market", _("Market readiness")
        RESOURCES = "resources", _("Internal resources")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text_en = models.CharField(_("statement (English)"), max_length=300)
    text_ja = models.CharField(_("statement (Japanese)"), max_length=300)
    short_en = models.CharField(_("short label (English)"), max_length=60)
    short_ja = models.CharField(_("short label (Japanese)"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("readiness item")
        verbose_name_plural = _("readiness items")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_ja if _in_japanese() else self.text_en

    @property
    def short(self) -> str:
        return self.short_ja if _in_japanese() else self.short_en


class SizeBand(models.TextChoices):
    MICRO = "1-10", _("1–10 employees")
    SMALL = "11-50", _("11–50 employees")
    MEDIUM = "51-250", _("51–250 employees")
    LARGE = "251-1000", _("251–1,000 employees")
    ENTERPRISE = "1000+", _("More than 1,000 employees")


class OrganisationKind(models.TextChoices):
    """Startups apply to cohorts; the other kinds are partner organisations that browse startups."""

    STARTUP = "startup", _("Startup or small company")
    CORPORATE = "corporate", _("Corporate or prime contractor")
    PUBLIC = "public", _("Agency or public body")


class Company(models.Model):
    legal_name = models.CharField(_("legal name"), max_length=200)
    name_ja = models.CharField(_("name in Japanese"), max_length=200, blank=True)
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    country: Country = CountryField(_("country"))
    kind = models.CharField(
        _("kind of organisation"), max_length=16, choices=OrganisationKind.choices, default=OrganisationKind.STARTUP
    )
    website = models.URLField(_("website"), blank=True)
    size_band = models.CharField(_("size"), max_length=16, choices=SizeBand.choices)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1850), MaxValueValidator(2100)]
    )
    description_en = models.TextField(_("description in English"), blank=True)
    description_ja = models.TextField(_("description in Japanese"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(description_en="", description_ja=""),
                name="company_has_a_description",
                violation_error_message=_("Describe the company in English, Japanese or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def is_partner_organisation(self) -> bool:
        return self.kind != OrganisationKind.STARTUP

    @property
    def display_name(self) -> str:
        return self.name_ja if _in_japanese() and self.name_ja else self.legal_name

    @property
    def description(self) -> str:
        if _in_japanese():
            return self.description_ja or self.description_en
        return self.description_en or self.description_ja


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["company", "-role", "created_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="one_membership_per_company")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.role})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An owner's invitation for someone to join a company, sent by email."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("email sent"), null=True, blank=True)

    VALID_DAYS = 14

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "email"], condition=Q(accepted_at__isnull=True), name="one_open_invitation_per_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("companies:invitation", kwargs={"token": self.token})

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=self.VALID_DAYS)

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.expires_at


class ExportClassification(models.TextChoices):
    ITAR = "itar", _("ITAR (USML)")
    EAR = "ear", _("EAR (ECCN, e.g. 9A515)")
    EAR99 = "ear99", _("EAR99")
    NOT_US = "not_us", _("Not U.S.-origin technology")
    UNKNOWN = "unknown", _("Not yet classified")


class Sensitivity(models.TextChoices):
    YES = "yes", _("Likely")
    NO = "no", _("Unlikely")
    UNKNOWN = "unknown", _("Not yet assessed")


class CapabilityProfile(models.Model):
    """What a company does, offers and needs, and how ready it is for export control.

    The capability part is public; the compliance part is seen by the company's members
    and program staff only.
    """

    company = models.OneToOneField(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    segments = models.ManyToManyField(Segment, verbose_name=_("market segments"), blank=True, related_name="+")
    technology_areas = models.ManyToManyField(
        TechnologyArea, verbose_name=_("technology areas"), blank=True, related_name="+"
    )
    offers = models.ManyToManyField(CapabilityTag, verbose_name=_("capabilities offered"), blank=True, related_name="+")
    offers_text = models.TextField(_("what we offer"), blank=True)
    needs = models.ManyToManyField(CapabilityTag, verbose_name=_("capabilities needed"), blank=True, related_name="+")
    needs_text = models.TextField(_("what we need"), blank=True)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level (TRL)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    standards = models.ManyToManyField(
        Standard, verbose_name=_("standards and certifications held"), blank=True, related_name="+"
    )
    certifications_text = models.CharField(_("other certifications"), max_length=500, blank=True)

    itar_registered = models.BooleanField(_("registered with DDTC under ITAR"), default=False)
    export_classification = models.CharField(
        _("export classification of our main offering"),
        max_length=16,
        choices=ExportClassification.choices,
        default=ExportClassification.UNKNOWN,
    )
    classification_detail = models.CharField(
        _("classification detail"), max_length=100, blank=True, help_text=_("For example USML XV(e) or ECCN 9A515.x")
    )
    has_technology_control_plan = models.BooleanField(_("technology control plan in place"), default=False)
    licences_held = models.TextField(_("export licences or TAAs held"), blank=True)
    cfius_sensitivity = models.CharField(
        _("CFIUS review likely for a U.S. investment"), max_length=16, choices=Sensitivity.choices, default="unknown"
    )
    fefta_sensitivity = models.CharField(
        _("FEFTA prior notification likely for a Japanese investment"),
        max_length=16,
        choices=Sensitivity.choices,
        default="unknown",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("capability profile")
        verbose_name_plural = _("capability profiles")
        constraints = [
            models.CheckConstraint(condition=Q(trl__gte=1, trl__lte=9) | Q(trl__isnull=True), name="trl_1_to_9"),
        ]

    def __str__(self) -> str:
        return str(self.company)


class Likert(models.IntegerChoices):
    STRONGLY_AGREE = 5, _("Strongly agree")
    AGREE = 4, _("Agree")
    NEUTRAL = 3, _("Neither agree nor disagree")
    DISAGREE = 2, _("Disagree")
    STRONGLY_DISAGREE = 1, _("Strongly disagree")


class ReadinessAnswer(models.Model):
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="readiness_answers"
    )
    item = models.ForeignKey(ReadinessItem, verbose_name=_("statement"), on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("answer"), choices=Likert.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["item__position"]
        verbose_name = _("readiness answer")
        verbose_name_plural = _("readiness answers")
        constraints = [
            models.UniqueConstraint(fields=["company", "item"], name="one_answer_per_item"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.company}: {self.item.code} = {self.score}"
