"""/api/v1/councils/, meetings/, agenda-items/, decisions/ and action-items/, with the web's permissions.

Reads follow the same visible querysets as the pages (an object the user may not see is a
404). Every write calls the same service as the web; the shared exception handler turns a
service's ValidationError into a 400 and its PermissionDenied into a 403.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accelerator.accounts.api import UserPreferencesMixin
from accelerator.accounts.models import User
from accelerator.api_fields import SlugRelatedField
from accelerator.companies.models import Company

from . import permissions, selectors, services
from .models import ActionItem, AgendaItem, Attendance, Council, Decision, Language, Meeting, Motion, Result, Vote


def _user_field(**kwargs) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), **kwargs)


class CouncilSerializer(serializers.ModelSerializer):
    class Meta:
        model = Council
        fields = ["id", "slug", "name_en", "name_ja", "description_en", "description_ja", "visibility", "quorum"]


class AgendaItemSerializer(serializers.ModelSerializer):
    presenter = _user_field(required=False, allow_null=True)
    # The API's field named "parent" shadows the serializer's own attribute of that name.
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=AgendaItem.objects.all(), required=False, allow_null=True
    )
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    allow_overrun = serializers.BooleanField(write_only=True, required=False, default=False)
    documents = serializers.SerializerMethodField()
    minute = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "parent",
            "order",
            "title_en",
            "title_ja",
            "description_en",
            "description_ja",
            "duration_minutes",
            "presenter",
            "presenter_name",
            "status",
            "proposed_by",
            "response_reason",
            "allow_overrun",
            "documents",
            "minute",
        ]
        read_only_fields = ["order", "status", "proposed_by", "response_reason"]

    def get_documents(self, item) -> list[dict]:
        request = self.context["request"]
        return [
            {"id": document.pk, "title": document.title, "url": request.build_absolute_uri(document.get_absolute_url())}
            for document in item.documents.all()
        ]

    def get_minute(self, item) -> dict | None:
        minute = getattr(item, "minute", None)
        if minute is None:
            return None
        if minute.status != minute.Status.APPROVED and not permissions.sees_inside(
            self.context["request"].user, item.meeting.council
        ):
            return None
        return {
            "text_en": minute.text_en,
            "text_ja": minute.text_ja,
            "authoritative_language": minute.authoritative_language,
            "status": minute.status,
            "version": minute.version,
        }


class MeetingSerializer(serializers.ModelSerializer):
    council = SlugRelatedField(slug_field="slug", queryset=Council.objects.all())
    agenda = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "council",
            "title_en",
            "title_ja",
            "starts_at",
            "ends_at",
            "time_zone",
            "place",
            "online_url",
            "agenda_published_at",
            "agenda",
        ]
        read_only_fields = ["agenda_published_at"]

    def get_agenda(self, meeting) -> list[dict]:
        if self.context.get("view") and self.context["view"].action == "list":
            return []
        return [
            {"item": row.item.pk, "number": row.number, "starts_at": row.starts_at, "ends_at": row.ends_at}
            for row in selectors.flatten(selectors.agenda_rows(meeting))
        ]


class ActionItemSerializer(serializers.ModelSerializer):
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.all())
    owner_user = _user_field(required=False, allow_null=True)
    owner_company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "decision",
            "title_en",
            "title_ja",
            "owner_user",
            "owner_company",
            "due_on",
            "status",
            "started_at",
            "completed_at",
            "days_overdue",
        ]
        read_only_fields = ["started_at", "completed_at"]

    def get_days_overdue(self, action) -> int:
        return selectors.days_overdue(action)


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ["id", "parent", "title_en", "title_ja", "status", "weight", "progress", "review_on"]


class CouncilDecisionSerializer(serializers.ModelSerializer):
    council: serializers.SlugRelatedField[Council] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.all(), required=False, allow_null=True)
    motion = serializers.PrimaryKeyRelatedField(queryset=Motion.objects.all(), required=False, allow_null=True)
    results = ResultSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()
    days_to_first_action = serializers.SerializerMethodField()
    days_to_first_progress = serializers.SerializerMethodField()
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "reference",
            "council",
            "meeting",
            "item",
            "motion",
            "text_en",
            "text_ja",
            "decided_on",
            "results",
            "progress",
            "days_to_first_action",
            "days_to_first_progress",
            "days_overdue",
        ]
        read_only_fields = ["reference"]
        extra_kwargs = {"decided_on": {"required": False}}

    def get_progress(self, decision) -> float | None:
        return selectors.decision_progress(list(decision.results.all()))

    def get_days_to_first_action(self, decision) -> int | None:
        return selectors.days_to_first_action(decision)

    def get_days_to_first_progress(self, decision) -> int | None:
        return selectors.days_to_first_progress(decision)

    def get_days_overdue(self, decision) -> int:
        return selectors.decision_days_overdue(decision)


class AttendanceSerializer(serializers.Serializer):
    user = _user_field()
    status = serializers.ChoiceField(choices=Attendance.Status.choices)


class MotionSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.all())
    moved_by = _user_field(required=False, allow_null=True)

    class Meta:
        model = Motion
        fields = [
            "id",
            "item",
            "text_en",
            "text_ja",
            "moved_by",
            "outcome",
            "votes_for",
            "votes_against",
            "abstentions",
        ]
        read_only_fields = ["outcome", "votes_for", "votes_against", "abstentions"]


class VoteSerializer(serializers.Serializer):
    motion = serializers.PrimaryKeyRelatedField(queryset=Motion.objects.all())
    member = _user_field()
    choice = serializers.ChoiceField(choices=Vote.Choice.choices)


class ResponseSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=list(services.RESPONSES))
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    allow_overrun = serializers.BooleanField(required=False, default=False)


class MinuteSerializer(serializers.Serializer):
    text_en = serializers.CharField(required=False, allow_blank=True, default="")
    text_ja = serializers.CharField(required=False, allow_blank=True, default="")
    authoritative_language = serializers.ChoiceField(choices=Language.choices)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionItem.Status.choices)


def _visible(queryset, obj):
    """`obj` if it is in `queryset` (what the user may see); 404 otherwise."""
    return get_object_or_404(queryset, pk=obj.pk)


class CouncilViewSet(UserPreferencesMixin, viewsets.ReadOnlyModelViewSet):
    """Councils: public ones to everyone, members-only ones to their people and program staff."""

    serializer_class = CouncilSerializer
    permission_classes = [permissions.ReadOrSecretariat]
    lookup_field = "slug"
    # A slug holds no NUL (PostgreSQL cannot compare one): such an address names no council.
    lookup_value_regex = "[^/.\\x00]+"
    ordering = ["slug"]

    def get_queryset(self):
        return permissions.visible_councils(self.request.user)


class MeetingViewSet(UserPreferencesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings, with the agenda's computed running times; the secretariat schedules and publishes."""

    serializer_class = MeetingSerializer
    permission_classes = [permissions.ReadOrSecretariat]
    filterset_fields = ["council__slug"]
    ordering = ["-starts_at"]

    def get_queryset(self):
        return permissions.visible_meetings(self.request.user).select_related("council")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        council = _visible(permissions.visible_councils(self.request.user), data.pop("council"))
        # The schema offers the model's zone when none is sent; the service wants it said.
        data.setdefault("time_zone", Meeting._meta.get_field("time_zone").get_default())
        serializer.instance = services.schedule_meeting(actor=self.request.user, council=council, **data)

    def _meeting(self) -> Meeting:
        return self.get_object()

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        meeting = services.publish_agenda(actor=request.user, meeting=self._meeting())
        return Response(self.get_serializer(meeting).data)

    @extend_schema(request=AttendanceSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        meeting = self._meeting()
        payload = AttendanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.record_attendance(actor=request.user, meeting=meeting, **payload.validated_data)
        return Response(AttendanceSerializer(payload.validated_data).data)

    @extend_schema(request=MotionSerializer, responses=MotionSerializer)
    @action(detail=True, methods=["post"])
    def motions(self, request, pk=None):
        meeting = self._meeting()
        payload = MotionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if data["item"].meeting_id != meeting.pk:
            raise ValidationError({"item": [_("Choose an item of this meeting's agenda.")]})
        motion = services.propose_motion(actor=request.user, **data)
        return Response(MotionSerializer(motion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VoteSerializer, responses=MotionSerializer)
    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        meeting = self._meeting()
        payload = VoteSerializer(data=request.data, context={"meeting": meeting})
        payload.is_valid(raise_exception=True)
        motion = get_object_or_404(meeting.motions, pk=payload.validated_data["motion"].pk)
        services.record_vote(
            actor=request.user,
            motion=motion,
            member=payload.validated_data["member"],
            choice=payload.validated_data["choice"],
        )
        motion.refresh_from_db()
        return Response(MotionSerializer(motion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MotionSerializer)
    @action(detail=True, methods=["post"], url_path=r"motions/(?P<motion_pk>[0-9]+)/close")
    def close_motion(self, request, pk=None, motion_pk=None):
        motion = get_object_or_404(self._meeting().motions, pk=motion_pk)
        motion = services.close_motion(actor=request.user, motion=motion)
        return Response(MotionSerializer(motion).data)


class AgendaItemViewSet(UserPreferencesMixin, viewsets.ModelViewSet):
    """Agenda items. The secretariat adds, edits and removes them; the chair and members propose
    one by POSTing it too (it waits as `pending` for the secretariat's `respond`)."""

    serializer_class = AgendaItemSerializer
    permission_classes = [permissions.ReadOrSecretariat]
    filterset_fields = ["meeting", "status"]
    ordering = ["meeting", "order", "pk"]

    def get_queryset(self):
        return (
            permissions.visible_items(self.request.user)
            .select_related("meeting__council", "minute")
            .prefetch_related("documents")
        )

    def perform_create(self, serializer):
        user = self.request.user
        data = dict(serializer.validated_data)
        meeting = _visible(permissions.visible_meetings(user), data.pop("meeting"))
        if permissions.is_secretariat(user, meeting.council):
            serializer.instance = services.add_agenda_item(actor=user, meeting=meeting, **data)
        else:
            for name in ("parent", "presenter", "presenter_name", "allow_overrun"):
                data.pop(name, None)
            serializer.instance = services.propose_agenda_item(actor=user, meeting=meeting, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("meeting", None)
        serializer.instance = services.update_agenda_item(actor=self.request.user, item=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.remove_agenda_item(actor=self.request.user, item=instance)

    @extend_schema(request=ResponseSerializer, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        payload = ResponseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = services.respond_to_proposal(actor=request.user, item=self.get_object(), **payload.validated_data)
        return Response(self.get_serializer(item).data)

    @extend_schema(request=MinuteSerializer, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def minute(self, request, pk=None):
        payload = MinuteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = self.get_object()
        services.save_minute(actor=request.user, item=item, **payload.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


class DecisionViewSet(UserPreferencesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The decisions register with the tracker's figures; the secretariat enters decisions."""

    serializer_class = CouncilDecisionSerializer
    permission_classes = [permissions.ReadOrSecretariat]
    filterset_fields = ["council__slug", "meeting"]

    def get_queryset(self):
        return selectors.tracker_decisions(permissions.visible_decisions(self.request.user))

    def perform_create(self, serializer):
        user = self.request.user
        data = dict(serializer.validated_data)
        meeting = _visible(permissions.visible_meetings(user), data.pop("meeting"))
        serializer.instance = services.record_decision(actor=user, meeting=meeting, **data)


class ActionItemViewSet(UserPreferencesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Action items. `?overdue=true` lists the overdue ones, `?mine=true` the user's own.
    The secretariat creates them; the owner or the secretariat PATCHes `status`."""

    serializer_class = ActionItemSerializer
    permission_classes = [permissions.ReadOrSecretariat]
    filterset_fields = ["decision", "status"]
    ordering = ["due_on", "pk"]

    def get_queryset(self):
        user = self.request.user
        actions = selectors.with_owner(permissions.visible_actions(user))
        if self.request.query_params.get("overdue") == "true":
            actions = selectors.overdue(actions)
        if self.request.query_params.get("mine") == "true":
            actions = actions.filter(pk__in=selectors.actions_of(user).values("pk"))
        return actions

    def perform_create(self, serializer):
        user = self.request.user
        data = dict(serializer.validated_data)
        decision = _visible(permissions.visible_decisions(user), data.pop("decision"))
        data.pop("status", None)
        serializer.instance = services.add_action_item(actor=user, decision=decision, **data)

    @extend_schema(request=StatusSerializer, responses=ActionItemSerializer)
    def partial_update(self, request, pk=None):
        payload = StatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        action_item = services.set_action_status(
            actor=request.user, action=self.get_object(), status=payload.validated_data["status"]
        )
        return Response(self.get_serializer(action_item).data)
