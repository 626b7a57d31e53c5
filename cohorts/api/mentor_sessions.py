"""/api/v1/mentor-sessions/: the sessions a user takes part in (staff: all). A startup member
books an open slot; either side cancels, moves and rates; the mentor logs. Private mentor
notes reach the mentor only, and each side's feedback reaches the other only once both have
answered or seven days have passed."""

from typing import cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accelerator.companies.models import Membership
from accelerator.permissions import is_program_staff

from .. import permissions, selectors
from ..models import MentorAssignment, MentorSession, SessionFeedback
from ..services.mentoring import sessions


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
        member_of = getattr(self, "_member_of", None)
        if member_of is None:
            member_of = set(Membership.objects.filter(user=user).values_list("company_id", flat=True))
            self._member_of = member_of
        return SessionFeedback.Role.STARTUP if session.company_id in member_of else None

    def get_private_notes(self, session) -> str | None:
        return session.private_notes if self._role(session) == SessionFeedback.Role.MENTOR else None

    def get_feedback(self, session) -> list[dict]:
        given = list(session.feedback.all())
        mine = self._role(session)
        if mine is None:
            shown = given if is_program_staff(self.context["request"].user) else []
        else:
            open_to_me = selectors.feedback_visible_to(session, mine)
            shown = [f for f in given if f.role == mine or open_to_me]
        return cast(list[dict], FeedbackSerializer(shown, many=True).data)


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
            # The same answer as for an id that does not exist: another startup's pairs are not revealed.
            missing = serializer.fields["assignment"].error_messages["does_not_exist"]
            raise serializers.ValidationError({"assignment": [missing.format(pk_value=assignment.pk)]})
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

    @extend_schema(request=GiveFeedbackSerializer, responses={201: SessionSerializer})
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        session = self.get_object()
        data = GiveFeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sessions.give_feedback(session=session, by=request.user, **data.validated_data)
        response = self._done(session)
        response.status_code = status.HTTP_201_CREATED
        return response
