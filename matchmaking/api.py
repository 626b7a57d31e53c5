"""/api/v1/matches/, /api/v1/introductions/ and, for staff, /api/v1/match-runs/."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.response import Response

from accelerator import ratelimits
from accelerator.accounts.api import UserPreferencesMixin, signed_in_user
from accelerator.permissions import IsProgramStaff
from accelerator.ratelimits import too_many_introductions

from . import selectors, services
from .filters import SuggestionFilter
from .models import Introduction, MatchRun, Suggestion
from .reasons import Vocabulary, describe_flag, describe_reason, flag_step


class CompanySummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")
    country = serializers.CharField(source="country.code")
    kind = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    kind = serializers.CharField()
    codes = serializers.ListField(child=serializers.CharField())
    value = serializers.FloatField()
    concepts = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="What matched: [concept id, the source's phrase, the target's phrase] (a phrase is empty "
        "where a tag named it).",
    )
    text = serializers.CharField(help_text="The reason as a sentence in the user's language.")


class FlagSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["itar", "ear"])
    side = serializers.ChoiceField(choices=["source", "target"], help_text="Whose offer is controlled.")
    step = serializers.ChoiceField(choices=["licence_or_taa", "licence_check"])
    text = serializers.CharField()


class SuggestionSerializer(serializers.ModelSerializer):
    company = CompanySummarySerializer(read_only=True)
    partner = CompanySummarySerializer(read_only=True)
    reasons = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = (
            "id",
            "company",
            "partner",
            "rank",
            "score",
            "fit",
            "mutual",
            "status",
            "dismiss_reason",
            "reasons",
            "flags",
            "first_suggested_at",
            "updated_at",
        )
        read_only_fields = fields

    def _names(self, suggestion):
        return {"company": suggestion.company.display_name, "partner": suggestion.partner.display_name}

    @extend_schema(responses=ReasonSerializer(many=True))
    def get_reasons(self, suggestion) -> list[dict]:
        vocabulary = self.context["vocabulary"]
        return [
            {
                "kind": reason["kind"],
                "codes": reason.get("codes", []),
                "value": reason.get("value", 0),
                "concepts": reason.get("concepts", []),
                "text": describe_reason(reason, vocabulary=vocabulary, **self._names(suggestion)),
            }
            for reason in suggestion.reasons
        ]

    def get_flags(self, suggestion) -> list[dict]:
        return [
            flag | {"text": f"{flag_step(flag)}: {describe_flag(flag, **self._names(suggestion))}"}
            for flag in suggestion.flags
        ]


class DismissSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Suggestion.DismissReason.choices)


class IntroductionRequestSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=1000)


class MatchFilter(SuggestionFilter):
    company = django_filters.NumberFilter(field_name="company_id", label="Company id")

    class Meta(SuggestionFilter.Meta):
        fields = ["company", *SuggestionFilter.Meta.fields]


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="__str__")
    email = serializers.EmailField()


class IntroductionSerializer(serializers.ModelSerializer):
    requester = CompanySummarySerializer(read_only=True)
    recipient = CompanySummarySerializer(read_only=True)
    requester_contact = serializers.SerializerMethodField()
    recipient_contact = serializers.SerializerMethodField()
    response_hours = serializers.SerializerMethodField()
    decline_note = serializers.CharField(source="answer_note", read_only=True, help_text="Same as answer_note.")

    class Meta:
        model = Introduction
        fields = (
            "id",
            "requester",
            "recipient",
            "message",
            "status",
            "decline_reason",
            "answer_note",
            "decline_note",
            "routed_to_staff_at",
            "created_at",
            "expires_at",
            "responded_at",
            "response_hours",
            "requester_contact",
            "recipient_contact",
        )
        read_only_fields = fields

    def _contact(self, introduction, user):
        if introduction.status != Introduction.Status.ACCEPTED or user is None:
            return None
        return ContactSerializer(user).data

    @extend_schema(responses=ContactSerializer(allow_null=True))
    def get_requester_contact(self, introduction) -> dict | None:
        """Shown to both sides once the request is accepted."""
        return self._contact(introduction, introduction.requested_by)

    @extend_schema(responses=ContactSerializer(allow_null=True))
    def get_recipient_contact(self, introduction) -> dict | None:
        return self._contact(introduction, introduction.responded_by)

    def get_response_hours(self, introduction) -> float | None:
        if introduction.response_time is None:
            return None
        return round(introduction.response_time.total_seconds() / 3600, 2)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, help_text="Shown to the requester with the answer."
    )


class IntroductionAnswerSerializer(AcceptSerializer):
    reason = serializers.ChoiceField(choices=Introduction.DeclineReason.choices, required=False, allow_blank=True)


class MatchViewSet(UserPreferencesMixin, viewsets.ReadOnlyModelViewSet):
    """Suggested partners of the user's companies, best first; staff see every company's.

    Dismissed suggestions are left out unless `status=dismissed` is asked for.
    """

    serializer_class = SuggestionSerializer
    filterset_class = MatchFilter
    ordering_fields = ["rank", "score", "first_suggested_at"]
    ordering = ["company_id", "rank"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Suggestion.objects.none()
        return selectors.visible_suggestions(self.request.user)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"vocabulary": Vocabulary.load()}

    def filter_queryset(self, queryset):
        # Filters shape the list; a single suggestion is found whatever its status.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _act(self, service, **kwargs):
        suggestion = self.get_object()
        service(suggestion=suggestion, user=self.request.user, **kwargs)
        suggestion = self.get_queryset().get(pk=suggestion.pk)
        return Response(self.get_serializer(suggestion).data)

    @extend_schema(request=None, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        return self._act(services.save_suggestion)

    @extend_schema(request=DismissSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        payload = DismissSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._act(services.dismiss_suggestion, reason=payload.validated_data["reason"])

    @extend_schema(request=None, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        return self._act(services.restore_suggestion)

    @extend_schema(request=IntroductionRequestSerializer, responses={201: IntroductionSerializer})
    @action(detail=True, methods=["post"])
    def introduce(self, request, pk=None):
        payload = IntroductionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if wait := ratelimits.introduction_request_wait(request):
            raise Throttled(wait, detail=too_many_introductions(wait))
        introduction = services.request_introduction(
            suggestion=self.get_object(),
            user=request.user,
            message=payload.validated_data["message"],
        )
        introduction = selectors.visible_introductions(request.user).get(pk=introduction.pk)
        data = IntroductionSerializer(introduction, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


class IntroductionViewSet(UserPreferencesMixin, viewsets.ReadOnlyModelViewSet):
    """Introductions the user's companies requested or received; staff see all.

    The recipient accepts or declines; contact people appear only after acceptance.
    Request one with POST /api/v1/matches/{id}/introduce/.
    """

    serializer_class = IntroductionSerializer
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "responded_at"]
    ordering = ["-created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Introduction.objects.none()
        return selectors.visible_introductions(self.request.user)

    def _answer(self, accept: bool, **kwargs):
        introduction = self.get_object()
        services.answer_introduction(
            introduction=introduction, user=signed_in_user(self.request), accept=accept, **kwargs
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=introduction.pk)).data)

    @extend_schema(request=AcceptSerializer, responses=IntroductionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        payload = AcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(True, **payload.validated_data)

    @extend_schema(request=IntroductionAnswerSerializer, responses=IntroductionSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        payload = IntroductionAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(False, **payload.validated_data)


class MatchRunSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True, help_text="Percent of chunks done.")

    class Meta:
        model = MatchRun
        fields = (
            "id",
            "kind",
            "status",
            "company",
            "progress",
            "chunks_total",
            "chunks_done",
            "companies_count",
            "suggestions_count",
            "new_suggestions_count",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        )
        read_only_fields = fields


class MatchRunViewSet(
    UserPreferencesMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Match runs and their progress, for program staff. POST starts a run over all companies
    (or returns the one already under way)."""

    serializer_class = MatchRunSerializer
    permission_classes = [IsProgramStaff]
    filterset_fields = ["kind", "status"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return MatchRun.objects.all()

    @extend_schema(request=None, responses={202: MatchRunSerializer})
    def create(self, request, *args, **kwargs):
        run = services.start_full_run(triggered_by=request.user)
        run = get_object_or_404(MatchRun, pk=run.pk)
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: MatchRunSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Stops a queued or running run; the current suggestions stay."""
        run = services.cancel_run(run=self.get_object(), by=request.user)
        return Response(self.get_serializer(run).data)

    @extend_schema(request=None, responses={202: MatchRunSerializer})
    @action(detail=True, methods=["post"])
    def restart(self, request, pk=None):
        """Queues a running full run's unfinished chunks again, or starts a new full run after a failed
        or cancelled one. Answers with the run under way."""
        run = services.restart_run(run=self.get_object(), by=request.user)
        run = get_object_or_404(MatchRun, pk=run.pk)
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED)
