"""/api/v1/mentor-assignments/: a mentor sees their own mentees, a startup's members its mentors,
staff every pair; staff add a mentor by hand (never a conflicted one, never beyond capacity)
and remove one, through the matching service."""

from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from accelerator.api_fields import SlugRelatedField
from accelerator.companies.models import Company
from accelerator.permissions import IsProgramStaff

from .. import permissions
from ..models import Cohort, MentorAssignment, MentorProfile
from ..services.mentoring import matching


class AssignmentSerializer(serializers.ModelSerializer):
    cohort = SlugRelatedField(slug_field="slug", queryset=Cohort.objects.all())
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all())
    company_name = serializers.CharField(source="company.legal_name", read_only=True)
    mentor = serializers.PrimaryKeyRelatedField(queryset=MentorProfile.objects.all())
    mentor_name = serializers.CharField(source="mentor.user.__str__", read_only=True)

    class Meta:
        model = MentorAssignment
        fields = ["id", "cohort", "company", "company_name", "mentor", "mentor_name", "side", "status", "published_at"]
        read_only_fields = ["id", "side", "status", "published_at"]


class AssignmentViewSet(
    mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):  # fmt: skip
    """Mentor assignments. Staff add one by hand (never a conflicted mentor, never beyond capacity) and remove one."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsAuthenticated]

    def get_permissions(self):
        if self.action in ("create", "destroy"):
            return [IsAuthenticated(), IsProgramStaff()]
        return super().get_permissions()

    def get_queryset(self):
        queryset = permissions.visible_mentor_assignments(self.request.user).select_related(
            "cohort", "company", "mentor__user"
        )
        cohort = self.request.query_params.get("cohort")
        if cohort:
            queryset = queryset.filter(cohort__slug=cohort)
        return queryset.order_by("pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = matching.assign_mentor(
            cohort=data["cohort"], company=data["company"], mentor=data["mentor"], by=self.request.user
        )

    def perform_destroy(self, instance):
        matching.remove_assignment(assignment=instance, by=self.request.user)
