"""The mentor program's API: mentors, mentor assignments and mentor sessions, scoped like the web.

A mentor sees their own profile, mentees and sessions; a startup's members its mentors and
sessions; staff everything. Private mentor notes reach the mentor only, and each side's
feedback reaches the other only once both have answered or seven days have passed.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accelerator.companies.models import Company, Membership
from accelerator.permissions import IsProgramStaff, is_program_staff

from . import mentoring_selectors as selectors
from . import permissions
from .models import Cohort, MentorAssignment, MentorProfile, MentorSession, SessionFeedback
from .services.mentoring import matching, sessions


class MentorSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="pk", read_only=True, help_text="The mentor's user id.")
    name = serializers.CharField(source="user.__str__", read_only=True)
    side = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)
    functional_expertise = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    expertise = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    segments = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    technology_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = MentorProfile
        fields = [
            "id",
            "name",
            "country",
            "side",
            "time_zone",
            "english",
            "japanese",
            "bio_en",
            "bio_ja",
            "functional_expertise",
            "expertise",
            "segments",
            "technology_areas",
            "capacity",
            "is_paused",
        ]
        read_only_fields = fields


@extend_schema_view(retrieve=extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)]))
class MentorViewSet(viewsets.ReadOnlyModelViewSet):
    """Mentor profiles: staff all, a mentor their own, a startup member their startup's mentors."""

    serializer_class = MentorSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return (
            permissions.visible_mentor_profiles(self.request.user)
            .select_related("user")
            .prefetch_related("functional_expertise", "expertise", "segments", "technology_areas")
            .order_by("pk")
        )


class AssignmentSerializer(serializers.ModelSerializer):
    cohort = serializers.SlugRelatedField(slug_field="slug", queryset=Cohort.objects.all())
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


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionFeedback
        fields = ["role", "rating", "comment", "created_at"]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    assignment = serializers.PrimaryKeyRelatedField(queryset=MentorAssignment.objects.all())
    mentor_name = serializers.CharField(source="mentor.user.__str__", read_only=True)
    company_name = serializers.CharField(source="company.legal_name", read_only=True)
    private_notes = serializers.SerializerMethodField()
    feedback = serializers.SerializerMethodField()

    class Meta:
        model = MentorSession
        fields = [
            "id",
            "assignment",
            "mentor",
            "mentor_name",
            "company",
            "company_name",
            "starts_at",
            "ends_at",
            "status",
            "agenda",
            "notes",
            "next_steps",
            "private_notes",
            "logged_at",
            "feedback",
        ]
        read_only_fields = [
            "id", "mentor", "company", "ends_at", "status", "notes", "next_steps", "logged_at",
        ]  # fmt: skip

    def _role(self, session) -> str | None:
        """The requesting user's side of `session`; their companies are read once per response."""
        user = self.context["request"].user
        if session.mentor_id == user.pk:
            return SessionFeedback.Role.MENTOR
        if "member_of" not in self.context:
            self.context["member_of"] = set(Membership.objects.filter(user=user).values_list("company_id", flat=True))
        return SessionFeedback.Role.STARTUP if session.company_id in self.context["member_of"] else None

    def get_private_notes(self, session) -> str | None:
        return session.private_notes if self._role(session) == SessionFeedback.Role.MENTOR else None

    def get_feedback(self, session) -> list[dict]:
        given = list(session.feedback.all())
        mine = self._role(session)
        if mine is None:
            return FeedbackSerializer(given, many=True).data if is_program_staff(self.context["request"].user) else []
        open_to_me = selectors.feedback_visible_to(session, mine)
        return FeedbackSerializer([f for f in given if f.role == mine or open_to_me], many=True).data


class RescheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()


class LogSerializer(serializers.Serializer):
    notes = serializers.CharField(allow_blank=True, required=False, default="", max_length=10000)
    next_steps = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
    private_notes = serializers.CharField(allow_blank=True, required=False, default="", max_length=10000)


class GiveFeedbackSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=4000)


class SessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Mentor sessions: a startup member books an open slot; either side cancels, moves, and rates; the mentor logs."""

    serializer_class = SessionSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        queryset = (
            permissions.visible_mentor_sessions(self.request.user)
            .select_related("mentor__user", "company")
            .prefetch_related("feedback")
        )
        if self.request.query_params.get("upcoming") == "true":
            queryset = queryset.filter(status=MentorSession.Status.BOOKED, ends_at__gt=timezone.now())
        return queryset.order_by("starts_at", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        assignment = data["assignment"]
        if not permissions.visible_mentor_assignments(self.request.user).filter(pk=assignment.pk).exists():
            raise serializers.ValidationError({"assignment": ["Invalid pk - object does not exist."]})
        serializer.instance = sessions.book_session(
            assignment=assignment, starts_at=data["starts_at"], by=self.request.user, agenda=data.get("agenda", "")
        )

    def _done(self, session):
        session.refresh_from_db()
        return Response(self.get_serializer(session).data)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        session = self.get_object()
        sessions.cancel_session(session=session, by=request.user)
        return self._done(session)

    @extend_schema(request=RescheduleSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        session = self.get_object()
        data = RescheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sessions.reschedule_session(session=session, starts_at=data.validated_data["starts_at"], by=request.user)
        return self._done(session)

    @extend_schema(request=LogSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        session = self.get_object()
        data = LogSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sessions.log_session(session=session, by=request.user, **data.validated_data)
        return self._done(session)

    @extend_schema(request=GiveFeedbackSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        session = self.get_object()
        data = GiveFeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sessions.give_feedback(session=session, by=request.user, **data.validated_data)
        response = self._done(session)
        response.status_code = status.HTTP_201_CREATED
        return response
