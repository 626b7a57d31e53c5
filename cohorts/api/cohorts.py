"""/api/v1/cohorts/: cohorts with their questions and review rubric; staff create, edit and release decisions."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accelerator.accounts.api import UserPreferencesMixin

from ..filters import CohortFilter
from ..models import Cohort, Criterion, Question
from ..permissions import visible_cohorts
from ..services import decisions as decision_services
from ..services.cohorts import COHORT_FIELDS, CRITERION_FIELDS, QUESTION_FIELDS, create_cohort, update_cohort
from .access import CohortPermission, DecidesOnApplications

WINDOW_HELP = _("ISO 8601; a time without an offset is read in the user's time zone.")


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
        cohort = create_cohort(**validated_data)
        return self._reloaded(cohort)

    def update(self, cohort, validated_data):
        cohort = update_cohort(cohort=cohort, **validated_data)
        return self._reloaded(cohort)


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
        return visible_cohorts(self.request.user).prefetch_related("questions", "criteria")

    @extend_schema(request=None, responses=ReleasedSerializer)
    @action(detail=True, methods=["post"], url_path="release-decisions", permission_classes=[DecidesOnApplications])
    def release_decisions(self, request, pk=None):
        """Releases every staged decision of the cohort; each applicant is emailed once, in their language."""
        cohort = self.get_object()
        released = decision_services.release_decisions(cohort=cohort, by=request.user)
        return Response(ReleasedSerializer({"released": released}).data)
