"""/api/v1/applications/: applications as on the web; members change their own, staff stage decisions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accelerator.accounts.api import UserPreferencesMixin, signed_in_user
from accelerator.companies.models import Company
from accelerator.companies.selectors import member_company_ids
from accelerator.permissions import is_program_staff

from ..filters import ApplicationFilter
from ..models import Application, Cohort
from ..permissions import hides_applicant, is_member, visible_applications, visible_cohorts
from ..selectors import with_score_spread
from ..services import applications as application_services
from ..services import decisions as decision_services
from .access import DecidesOnApplications
from .fields import AnswersField, SnapshotField

STAFF_ONLY_APPLICATION_FIELDS = (
    "review_count",
    "score_mean",
    "score_spread",
    "disagreement_flagged",
    "pending_decision",
)


class CohortSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField(help_text=_("The name in the user's language."))


class ApplicantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    legal_name = serializers.CharField()
    country = serializers.CharField(source="country.code")


class ApplicationSerializer(serializers.ModelSerializer):
    cohort = CohortSummarySerializer(read_only=True)
    company = ApplicantSerializer(
        read_only=True, allow_null=True, help_text=_("Null for reviewers when the cohort's review is blind.")
    )
    snapshot = SnapshotField(read_only=True)
    has_pitch_deck = serializers.SerializerMethodField()
    score_spread = serializers.DecimalField(
        source="spread",
        max_digits=4,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_("Program staff only; left out for everyone else. Null until two reviews are submitted."),
    )

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
        left_out_for_some = STAFF_ONLY_APPLICATION_FIELDS
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
        user = getattr(self.context.get("request"), "user", None)
        if hides_applicant(user, application, member_company_ids=self.context.get("member_company_ids", ())):
            data["company"] = None
            company = data["snapshot"].get("company")
            if isinstance(company, dict):
                anonymous = {key: company[key] for key in ("country", "kind") if key in company}
                data["snapshot"] = {**data["snapshot"], "company": anonymous}
            team = data["snapshot"].get("team")
            if isinstance(team, list):
                # The roles are the team's shape; the names would say who applied.
                roles = [{"role": person.get("role")} for person in team if isinstance(person, dict)]
                data["snapshot"] = {**data["snapshot"], "team": roles}
        return data


class StartApplicationSerializer(serializers.Serializer):
    cohort = serializers.PrimaryKeyRelatedField(queryset=Cohort.objects.none(), help_text=_("The cohort's id."))
    company = serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.all(), help_text=_("The id of a company you are a member of.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["cohort"].queryset = visible_cohorts(request.user if request else None)


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
    confirm = serializers.BooleanField(
        default=False,
        help_text=_(
            "Stage even though the cohort still takes applications, no review is submitted or the company has no "
            "member to tell; without it such a decision is refused with a 400 listing the warnings."
        ),
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
        if request is not None and is_program_staff(request.user):
            return ["created_at", "submitted_at", "score_mean", "score_spread", "review_count"]
        return ["created_at", "submitted_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return with_score_spread(visible_applications(self.request.user)).select_related("cohort", "company")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        context["sees_scores"] = is_program_staff(user)
        context["member_company_ids"] = set() if context["sees_scores"] else member_company_ids(user)
        return context

    def reshape_validation_errors(self, detail: dict) -> dict:
        """save_draft's errors keyed by question id are nested under "answers" (see accelerator.api_errors)."""
        return _answers_under_their_field(detail) if self.action == "partial_update" else detail

    def _member_application(self) -> Application:
        """The application for its company's members; others who may read it get a 403, as on the web."""
        application = self.get_object()
        if not is_member(signed_in_user(self.request), application):
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
        application = application_services.submit_application(application=self._member_application(), user=request.user)
        return self._shown(application)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraws a draft, a submitted or a waitlisted application."""
        application = application_services.withdraw_application(
            application=self._member_application(), user=request.user
        )
        return self._shown(application)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Declines an accepted place."""
        application = application_services.decline_offer(application=self._member_application(), user=request.user)
        return self._shown(application)

    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[DecidesOnApplications])
    def decision(self, request, pk=None):
        """Program staff stage accept, waitlist or reject; nothing reaches the applicant until release."""
        application = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            decision_services.stage_decisions(
                cohort=application.cohort,
                application_ids=[application.pk],
                decision=payload.validated_data["decision"],
                by=request.user,
                confirmed=payload.validated_data["confirm"],
            )
        except decision_services.DecisionsNeedConfirmation as pending:
            raise ValidationError(
                {
                    "confirm": [str(pending.message)],
                    "warnings": [reason for warning in pending.warnings for reason in warning.reasons],
                }
            ) from pending
        return self._shown(application)
