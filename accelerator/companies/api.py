from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from accelerator.accounts.api import UserPreferencesMixin
from accelerator.api_fields import SlugRelatedField
from accelerator.api_parsers import JSONParser
from accelerator.permissions import is_program_staff

from . import selectors, services
from .filters import CompanyFilter
from .models import CapabilityProfile, CapabilityTag, Company, ReadinessItem, Segment, Standard, TechnologyArea
from .permissions import sees_private_part

PRIVATE_PROFILE_FIELDS = (
    "itar_registered",
    "export_classification",
    "classification_detail",
    "has_technology_control_plan",
    "licences_held",
    "cfius_sensitivity",
    "fefta_sensitivity",
)


def _codes(model):
    return SlugRelatedField(slug_field="code", many=True, queryset=model.objects.all(), required=False)


class CapabilityProfileSerializer(serializers.ModelSerializer):
    segments = _codes(Segment)
    technology_areas = _codes(TechnologyArea)
    offers = _codes(CapabilityTag)
    needs = _codes(CapabilityTag)
    standards = _codes(Standard)

    class Meta:
        model = CapabilityProfile
        fields = (
            "segments",
            "technology_areas",
            "offers",
            "offers_text",
            "needs",
            "needs_text",
            "trl",
            "standards",
            "certifications_text",
            *PRIVATE_PROFILE_FIELDS,
            "updated_at",
        )
        read_only_fields = ("updated_at",)


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5, "nullable": True},
        "example": {"market-research": 4, "financial-resources": 2},
    }
)
class ReadinessField(serializers.Field):
    """The self-assessment as {statement code: score 1–5}."""

    def to_representation(self, company):
        return {answer.item.code: answer.score for answer in company.readiness_answers.all()}

    def to_internal_value(self, scores):
        if not isinstance(scores, dict):
            raise ValidationError(_("Expected an object of statement codes to scores 1–5."))
        known = set(ReadinessItem.objects.values_list("code", flat=True))
        errors = {}
        for code, score in scores.items():
            if code not in known:
                errors[code] = _("Unknown readiness statement.")
            elif score is not None and (not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5):
                errors[code] = _("Must be a whole number from 1 to 5, or null.")
        if errors:
            raise ValidationError(errors)
        return {"readiness": scores}


class CompanySerializer(serializers.ModelSerializer):
    profile = CapabilityProfileSerializer(required=False)
    readiness = ReadinessField(source="*", required=False)

    class Meta:
        model = Company
        fields = (
            "id",
            "slug",
            *services.COMPANY_FIELDS,
            "profile",
            "readiness",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("slug", "created_at", "updated_at")

    def to_representation(self, company):
        data = super().to_representation(company)
        # The compliance part and the self-assessment are for the company and program staff.
        if not self.context.get("sees_private", lambda _company: False)(company):
            data.pop("readiness", None)
            for name in PRIVATE_PROFILE_FIELDS:
                data["profile"].pop(name, None)
        return data

    def create(self, validated_data):
        company = services.create_company_with_profile(owner=None, **validated_data)
        return selectors.directory_companies().get(pk=company.pk)

    def update(self, company, validated_data):
        services.update_company_with_profile(company=company, **validated_data)
        return selectors.directory_companies().prefetch_related("readiness_answers__item").get(pk=company.pk)


class CompanyPermission(permissions.BasePermission):
    """Anyone signed in reads; program staff and admins create and delete; owners update their own."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if view.action in ("create", "destroy"):
            return is_program_staff(request.user)
        return True

    def has_object_permission(self, request, view, company):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "destroy":
            return is_program_staff(request.user)
        return services.can_edit(user=request.user, company=company)


class CompanyViewSet(UserPreferencesMixin, viewsets.ModelViewSet):
    """Companies and their capability profiles.

    Compliance readiness and the readiness self-assessment appear only to the company's
    members and to program staff.
    """

    serializer_class = CompanySerializer
    permission_classes = [CompanyPermission]
    # A company arrives with its nested capability profile and readiness, which only JSON carries.
    parser_classes = [JSONParser]
    filterset_class = CompanyFilter
    ordering_fields = ["legal_name", "created_at", "updated_at", "profile__trl"]
    ordering = ["legal_name"]

    def get_queryset(self):
        return selectors.directory_companies().prefetch_related("readiness_answers__item")

    def perform_destroy(self, company):
        services.delete_company(company=company, by=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        member_ids = set() if is_program_staff(user) else selectors.member_company_ids(user)
        context["sees_private"] = lambda company: sees_private_part(user, company, member_company_ids=member_ids)
        return context
