"""/api/v1/cohorts/, /api/v1/applications/ and /api/v1/reviews/, with the web's permissions.

Every write goes through the same service as the web: a service's ValidationError becomes a
400 with its messages, its PermissionDenied a 403, and an object the user may not open a 404.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.fields import empty, get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accelerator.accounts.api import UserPreferencesMixin
from accelerator.accounts.models import User
from accelerator.api_parsers import UnacceptableJSON, load_json
from accelerator.companies.models import Company
from accelerator.companies.selectors import member_company_ids

from .filters import ApplicationFilter, CohortFilter, ReviewFilter
from .models import Application, Cohort, Criterion, Question, Review
from .permissions import assigned_to, is_member, visible_applications, visible_reviews
from .services import applications as application_services
from .services import decisions as decision_services
from .services.cohorts import COHORT_FIELDS, CRITERION_FIELDS, QUESTION_FIELDS, create_cohort, update_cohort
from .services.reviews import UNKNOWN_CRITERION, save_review

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
    if not isinstance(detail, dict):
        return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: detail})
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return ValidationError(detail)


@contextmanager
def _service_errors(shape: Callable[[dict], dict] | None = None) -> Iterator[None]:
    """A service's ValidationError as a 400 (reshaped by `shape` when field-keyed), PermissionDenied as a 403."""
    try:
        yield
    except DjangoValidationError as error:
        api_error = _as_api_error(error)
        if shape is not None and hasattr(error, "error_dict"):
            api_error = ValidationError(shape(api_error.detail))
        raise api_error from error
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error) or None) from error


class ProgramStaffOnly(permissions.BasePermission):
    message = _("Only program staff can decide on applications.")

    def has_permission(self, request, view):
        return _signed_in_staff(request.user)


class ScalarMapField(serializers.Field):
    """A JSON object of text, numbers or nulls; in a multipart form, one field holding that JSON."""

    default_error_messages = {
        "not_an_object": _("Send a JSON object."),
        "not_a_scalar": _("Send text, a number or null."),
    }

    def get_value(self, dictionary):
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data) -> dict[str, str | int | float | None]:
        if isinstance(data, str):
            try:
                data = load_json(data)
            except UnacceptableJSON as error:
                raise ValidationError(str(error)) from None
        if not isinstance(data, Mapping):
            self.fail("not_an_object")
        errors = {str(key): [message] for key, value in data.items() if (message := self._value_error(value))}
        if errors:
            raise ValidationError(errors)
        return {str(key): value for key, value in data.items()}

    def to_representation(self, value):
        return value

    def _value_error(self, value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, str | int | float | type(None)):
            return self.error_messages["not_a_scalar"]
        return None


def _visible_cohorts(user: User | None) -> QuerySet[Cohort]:
    if user is not None and _signed_in_staff(user):
        return Cohort.objects.all()
    return Cohort.objects.exclude(status=Cohort.Status.DRAFT)


class QuestionSerializer(serializers.ModelSerializer):
    choices_en = serializers.SerializerMethodField()
    choices_ja = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ("id", *QUESTION_FIELDS)
        read_only_fields = fields

    def get_choices_en(self, question) -> list[str]:
        """The choices of a choice question; answers store the English one."""
        return question.english_choices

    def get_choices_ja(self, question) -> list[str]:
        return question.japanese_choices


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = CRITERION_FIELDS
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
        # The writable fields are exactly those update_cohort accepts.
        fields = (
            "id",
            "name",
            *COHORT_FIELDS,
            "accepting_applications",
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
        with _service_errors():
            cohort = create_cohort(**validated_data)
        return self._reloaded(cohort)

    def update(self, cohort, validated_data):
        with _service_errors():
            cohort = update_cohort(cohort=cohort, **validated_data)
        return self._reloaded(cohort)


class CohortPermission(permissions.BasePermission):
    """Anyone signed in reads; program staff create and edit."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_program_staff


class ReleasedSerializer(serializers.Serializer):
    released = serializers.IntegerField(help_text=_("How many staged decisions were released."))


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
        return _visible_cohorts(self.request.user).prefetch_related("questions", "criteria")

    @extend_schema(request=None, responses=ReleasedSerializer)
    @action(detail=True, methods=["post"], url_path="release-decisions", permission_classes=[ProgramStaffOnly])
    def release_decisions(self, request, pk=None):
        """Releases every staged decision of the cohort; each applicant is emailed once, in their language."""
        cohort = self.get_object()
        with _service_errors():
            released = decision_services.release_decisions(cohort=cohort, by=request.user)
        return Response(ReleasedSerializer({"released": released}).data)


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
    has_pitch_deck = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = (
            "id",
            "cohort",
            "company",
            "status",
            "answers",
            "has_pitch_deck",
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

    def get_has_pitch_deck(self, application) -> bool:
        """A pitch deck is uploaded; it is downloaded from the application's page on the web."""
        return bool(application.pitch_deck)

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


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True},
        "description": 'Answers by question id: text, the English choice, a number, or null or "" to clear one.',
    }
)
class AnswersField(ScalarMapField):
    pass


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
        "description": "Scores from 1 to 5 by criterion code.",
    }
)
class ScoresField(ScalarMapField):
    pass


class StartApplicationSerializer(serializers.Serializer):
    cohort = serializers.PrimaryKeyRelatedField(queryset=Cohort.objects.none(), help_text=_("The cohort's id."))
    company = serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.all(), help_text=_("The id of a company you are a member of.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["cohort"].queryset = _visible_cohorts(request.user if request else None)


class DraftSerializer(serializers.Serializer):
    answers = AnswersField(
        required=False,
        help_text=_("Answers to change, by question id; in a multipart upload, the same object as JSON text."),
    )
    pitch_deck = serializers.FileField(
        required=False, help_text=_("A PDF of at most 20 MB, sent as multipart/form-data; it replaces the last one.")
    )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=Application.Decision.choices,
        allow_blank=True,
        help_text=_("Staged until the cohort's decisions are released; empty clears the staged decision."),
    )


def _answers_under_their_field(detail: dict) -> dict:
    """save_draft keys its errors by question id or "pitch_deck"; the API nests the answers' errors under "answers"."""
    shaped = {key: detail.pop(key) for key in ("pitch_deck", api_settings.NON_FIELD_ERRORS_KEY) if key in detail}
    if detail:
        shaped["answers"] = detail
    return shaped


class ApplicationViewSet(
    UserPreferencesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Applications the user may open, as on the web.

    Applicants see their own companies' applications; reviewers the submitted applications
    assigned to them where they have no conflict of interest; program staff and admins all.
    Review scores and staged decisions appear only to program staff.

    A company's members start, edit, submit, withdraw and decline its applications; staff and
    reviewers may read them but not change them. Program staff stage decisions.
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

    def _member_application(self) -> Application:
        """The application for its company's members; others who may read it get a 403, as on the web."""
        application = self.get_object()
        if not is_member(self.request.user, application):
            raise PermissionDenied(_("Only members of the company can change its application."))
        return application

    def _shown(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        application = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(application).data, status=code)

    @extend_schema(
        request=StartApplicationSerializer,
        responses={201: ApplicationSerializer, 200: ApplicationSerializer},
        description="Starts the company's draft application to the cohort (201), or answers the one it has (200).",
    )
    def create(self, request):
        payload = StartApplicationSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        cohort, company = payload.validated_data["cohort"], payload.validated_data["company"]
        existed = Application.objects.filter(cohort=cohort, company=company).exists()
        with _service_errors():
            application = application_services.start_application(cohort=cohort, company=company, user=request.user)
        return self._shown(application, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        request={"application/json": DraftSerializer, "multipart/form-data": DraftSerializer},
        responses=ApplicationSerializer,
        description="Saves a draft's answers and pitch deck until the deadline; nothing is saved unless all is valid.",
    )
    def partial_update(self, request, pk=None):
        application = self._member_application()
        payload = DraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with _service_errors(shape=_answers_under_their_field):
            application = application_services.save_draft(
                application=application,
                user=request.user,
                answers=payload.validated_data.get("answers", {}),
                pitch_deck=payload.validated_data.get("pitch_deck"),
            )
        return self._shown(application)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submits a draft before the deadline with every required answer."""
        with _service_errors():
            application = application_services.submit_application(
                application=self._member_application(), user=request.user
            )
        return self._shown(application)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraws a draft, a submitted or a waitlisted application."""
        with _service_errors():
            application = application_services.withdraw_application(
                application=self._member_application(), user=request.user
            )
        return self._shown(application)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Declines an accepted place."""
        with _service_errors():
            application = application_services.decline_offer(application=self._member_application(), user=request.user)
        return self._shown(application)

    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[ProgramStaffOnly])
    def decision(self, request, pk=None):
        """Program staff stage accept, waitlist or reject; nothing reaches the applicant until release."""
        application = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with _service_errors():
            application = decision_services.stage_decision(
                application=application, decision=payload.validated_data["decision"], by=request.user
            )
        return self._shown(application)


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


class ReviewDraftSerializer(serializers.Serializer):
    scores = ScoresField(required=False, help_text=_("Scores by criterion code; they replace the saved scores."))
    comment = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    recommendation = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("One of strong_accept, accept, unsure, reject; needed to submit."),
    )
    submit = serializers.BooleanField(
        default=False,
        help_text=_("Submit the review: every criterion scored and a recommendation. A submitted review is final."),
    )


class NewReviewSerializer(ReviewDraftSerializer):
    application = serializers.IntegerField(help_text=_("The id of an application assigned to you."))


def _scores_under_their_field(detail: dict) -> dict:
    """save_review keys a score for a criterion the rubric lacks by its code; the API nests those under "scores"."""
    scores = {key: errors for key, errors in detail.items() if any(error.code == UNKNOWN_CRITERION for error in errors)}
    shaped = {key: errors for key, errors in detail.items() if key not in scores}
    if scores:
        shaped["scores"] = scores
    return shaped


class ReviewViewSet(UserPreferencesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reviews: program staff see all; applicants none.

    A reviewer sees their own reviews, drafts included, and other reviewers' submitted
    reviews of an application once their own review of it is submitted. A reviewer assigned
    to an application, without a conflict of interest, saves and submits their own review.
    """

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["submitted_at", "weighted_score", "updated_at"]
    ordering = ["application_id", "submitted_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        return visible_reviews(self.request.user).select_related("reviewer")

    def _save(self, application: Application, values: dict) -> Review:
        with _service_errors(shape=_scores_under_their_field):
            return save_review(
                application=application,
                reviewer=self.request.user,
                scores=values.get("scores", {}),
                comment=values.get("comment", ""),
                recommendation=values.get("recommendation", ""),
                submit=values["submit"],
            )

    def _shown(self, review: Review, code: int = status.HTTP_200_OK) -> Response:
        review = Review.objects.select_related("reviewer").get(pk=review.pk)
        return Response(self.get_serializer(review).data, status=code)

    @extend_schema(
        request=NewReviewSerializer,
        responses={201: ReviewSerializer, 200: ReviewSerializer},
        description="Saves your review of an application assigned to you: 201 for a new one, 200 over your draft.",
    )
    def create(self, request):
        payload = NewReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = get_object_or_404(
            assigned_to(request.user).select_related("cohort"), pk=payload.validated_data["application"]
        )
        existed = Review.objects.filter(application=application, reviewer=request.user).exists()
        review = self._save(application, payload.validated_data)
        return self._shown(review, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        request=ReviewDraftSerializer,
        responses=ReviewSerializer,
        description="Changes your unsubmitted review; what is left out keeps its saved value.",
    )
    def partial_update(self, request, pk=None):
        review = self.get_object()
        if review.reviewer_id != request.user.pk:
            raise PermissionDenied(_("Only the reviewer who wrote a review can change it."))
        payload = ReviewDraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        saved = {"scores": review.scores, "comment": review.comment, "recommendation": review.recommendation}
        application = Application.objects.select_related("cohort").get(pk=review.application_id)
        return self._shown(self._save(application, {**saved, **payload.validated_data}))
