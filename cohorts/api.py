"""/api/v1/cohorts/, /api/v1/applications/ and /api/v1/reviews/, with the web's permissions."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from accelerator.accounts.api import UserPreferencesMixin
from accelerator.accounts.models import User
from accelerator.companies.selectors import member_company_ids

from .filters import ApplicationFilter, CohortFilter, ReviewFilter
from .models import Application, Cohort, Criterion, Question, Review
from .permissions import assigned_to, visible_applications
from .services.cohorts import create_cohort, update_cohort

STAFF_ONLY_APPLICATION_FIELDS = (
    "review_count",
    "score_mean",
    "score_spread",
    "disagreement_flagged",
    "pending_decision",
)
WINDOW_HELP = _("ISO 8601; a time without an offset is read in the user's time zone.")


def _signed_in_staff(user) -> bool:
    return user.is_authenticated and user.is_program_staff


def _as_api_error(error: DjangoValidationError) -> ValidationError:
    detail = get_error_detail(error)
    if isinstance(detail, dict) and NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return ValidationError(detail)


def visible_reviews(user: User) -> QuerySet[Review]:
    """Staff see every review; applicants none.

    A reviewer sees their own reviews, drafts included, on the applications they may still
    open, and other reviewers' submitted reviews only where their own is submitted, so that
    nobody scores with the others' scores in view.
    """
    if not user.is_authenticated:
        return Review.objects.none()
    if user.is_program_staff:
        return Review.objects.all()
    reviewed = Review.objects.filter(reviewer=user, submitted_at__isnull=False).values("application")
    return Review.objects.filter(application__in=assigned_to(user).values("pk")).filter(
        Q(reviewer=user) | Q(submitted_at__isnull=False, application__in=reviewed)
    )


class QuestionSerializer(serializers.ModelSerializer):
    choices_en = serializers.SerializerMethodField()
    choices_ja = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ("id", "kind", "label_en", "label_ja", "help_en", "help_ja", "choices_en", "choices_ja", "required")
        read_only_fields = fields

    def get_choices_en(self, question) -> list[str]:
        """The choices of a choice question; answers store the English one."""
        return [line.strip() for line in question.choices_en.splitlines() if line.strip()]

    def get_choices_ja(self, question) -> list[str]:
        return [line.strip() for line in question.choices_ja.splitlines() if line.strip()]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ("code", "label_en", "label_ja", "guidance_en", "guidance_ja", "weight")
        read_only_fields = fields


class CohortSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("The name in the user's language."))
    eligible_countries = serializers.ListField(
        child=serializers.ChoiceField(choices=list(countries)),
        required=False,
        help_text=_("Country codes allowed to apply; empty allows every country."),
    )
    accepting_applications = serializers.SerializerMethodField()
    questions = QuestionSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True, help_text=_("The review rubric."))

    class Meta:
        model = Cohort
        fields = (
            "id",
            "slug",
            "name",
            "name_en",
            "name_ja",
            "description_en",
            "description_ja",
            "status",
            "program_starts_on",
            "program_ends_on",
            "opens_at",
            "closes_at",
            "review_due_at",
            "accepting_applications",
            "seats",
            "min_share_us",
            "min_share_jp",
            "eligible_countries",
            "min_trl",
            "reviewers_per_application",
            "blind_review",
            "questions",
            "criteria",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")
        extra_kwargs = {"opens_at": {"help_text": WINDOW_HELP}, "closes_at": {"help_text": WINDOW_HELP}}

    def get_accepting_applications(self, cohort) -> bool:
        """Open, and the application window is running now."""
        return cohort.is_accepting_applications()

    def _reloaded(self, cohort: Cohort) -> Cohort:
        return Cohort.objects.prefetch_related("questions", "criteria").get(pk=cohort.pk)

    def create(self, validated_data):
        try:
            cohort = create_cohort(**validated_data)
        except DjangoValidationError as error:
            raise _as_api_error(error) from error
        return self._reloaded(cohort)

    def update(self, cohort, validated_data):
        try:
            cohort = update_cohort(cohort=cohort, **validated_data)
        except DjangoValidationError as error:
            raise _as_api_error(error) from error
        return self._reloaded(cohort)


class CohortPermission(permissions.BasePermission):
    """Anyone signed in reads; program staff create and edit."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_program_staff


class CohortViewSet(
    UserPreferencesMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Cohorts with their questions and review rubric.

    Everyone signed in sees the cohorts that are not drafts; program staff also see drafts,
    and create and edit cohorts. A new cohort gets the default rubric.
    """

    serializer_class = CohortSerializer
    permission_classes = [CohortPermission]
    filterset_class = CohortFilter
    ordering_fields = ["opens_at", "closes_at", "program_starts_on"]
    ordering = ["-opens_at", "-id"]

    def get_queryset(self):
        cohorts = Cohort.objects.prefetch_related("questions", "criteria")
        if not _signed_in_staff(self.request.user):
            cohorts = cohorts.exclude(status=Cohort.Status.DRAFT)
        return cohorts


class CohortSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField(help_text=_("The name in the user's language."))


class ApplicantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    legal_name = serializers.CharField()
    country = serializers.CharField(source="country.code")


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": "The company's profile, readiness self-assessment and compliance readiness as submitted.",
    }
)
class SnapshotField(serializers.JSONField):
    pass


class ApplicationSerializer(serializers.ModelSerializer):
    cohort = CohortSummarySerializer(read_only=True)
    company = ApplicantSerializer(
        read_only=True, allow_null=True, help_text=_("Null for reviewers when the cohort's review is blind.")
    )
    snapshot = SnapshotField(read_only=True)

    class Meta:
        model = Application
        fields = (
            "id",
            "cohort",
            "company",
            "status",
            "answers",
            "submitted_at",
            "decided_at",
            "snapshot",
            *STAFF_ONLY_APPLICATION_FIELDS,
            "created_at",
            "updated_at",
        )
        read_only_fields = fields
        extra_kwargs = {
            "answers": {"help_text": _("Answers by question id.")},
            **{
                name: {"help_text": _("Program staff only; left out for everyone else.")}
                for name in STAFF_ONLY_APPLICATION_FIELDS
            },
        }

    def to_representation(self, application):
        data = super().to_representation(application)
        if self.context.get("sees_scores", False):
            return data
        for name in STAFF_ONLY_APPLICATION_FIELDS:
            data.pop(name)
        # Blind review: a reviewer sees the application, not who sent it.
        if application.cohort.blind_review and application.company_id not in self.context.get("member_company_ids", ()):
            data["company"] = None
            company = data["snapshot"].get("company")
            if isinstance(company, dict):
                anonymous = {key: company[key] for key in ("country", "kind") if key in company}
                data["snapshot"] = {**data["snapshot"], "company": anonymous}
        return data


class ApplicationViewSet(UserPreferencesMixin, viewsets.ReadOnlyModelViewSet):
    """Applications the user may open, as on the web.

    Applicants see their own companies' applications; reviewers the submitted applications
    assigned to them where they have no conflict of interest; program staff and admins all.
    Review scores and staged decisions appear only to program staff.
    """

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    ordering = ["-created_at", "-id"]

    @property
    def ordering_fields(self):
        request = getattr(self, "request", None)
        if request is not None and _signed_in_staff(request.user):
            return ["created_at", "submitted_at", "score_mean", "score_spread", "review_count"]
        return ["created_at", "submitted_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return visible_applications(self.request.user).select_related("cohort", "company")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        context["sees_scores"] = _signed_in_staff(user)
        context["member_company_ids"] = set() if context["sees_scores"] else member_company_ids(user)
        return context


class ReviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_short_name")


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = ReviewerSerializer(read_only=True)

    class Meta:
        model = Review
        fields = (
            "id",
            "application",
            "reviewer",
            "scores",
            "comment",
            "recommendation",
            "weighted_score",
            "submitted_at",
            "updated_at",
        )
        read_only_fields = fields
        extra_kwargs = {"submitted_at": {"help_text": _("Null while the review is a draft.")}}


class ReviewViewSet(UserPreferencesMixin, viewsets.ReadOnlyModelViewSet):
    """Reviews: program staff see all; applicants none.

    A reviewer sees their own reviews, drafts included, and other reviewers' submitted
    reviews of an application once their own review of it is submitted.
    """

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["submitted_at", "weighted_score", "updated_at"]
    ordering = ["application_id", "submitted_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        return visible_reviews(self.request.user).select_related("reviewer")
