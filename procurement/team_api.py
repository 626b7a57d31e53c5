"""/api/v1/bid-teams/: teams with their members, roles, shares, checks and export-control label, over the services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accelerator.accounts.api import UserPreferencesMixin
from accelerator.companies.models import Company

from . import bid_checks, export_gate, permissions, releases, selectors
from .models import BidTeam, TeamMember, TeamStage, TeamStructure
from .services import teams


class TeamCompanySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="legal_name")
    name_ja = serializers.CharField()
    country = serializers.CharField(source="country.code")


class TeamMemberSerializer(serializers.ModelSerializer):
    company = TeamCompanySerializer()

    class Meta:
        model = TeamMember
        fields = ["id", "company", "role", "share", "status", "invited_at", "answered_at"]


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    passed = serializers.BooleanField()
    details = serializers.ListField(child=serializers.CharField())


class MemberGateSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    company = serializers.CharField(source="member.company.legal_name")
    label = serializers.CharField()
    label_text = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    step = serializers.CharField()
    owner = serializers.CharField()


class GateSerializer(serializers.Serializer):
    label = serializers.CharField()
    label_text = serializers.CharField()
    headline = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    members = MemberGateSerializer(many=True)


class BidTeamSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="bid-team-detail")
    opportunity = serializers.SerializerMethodField()
    lead_company = TeamCompanySerializer()
    members = TeamMemberSerializer(many=True)
    checks = serializers.SerializerMethodField()
    gate = serializers.SerializerMethodField()

    class Meta:
        model = BidTeam
        fields = [
            "id",
            "url",
            "name",
            "structure",
            "stage",
            "opportunity",
            "lead_company",
            "product",
            "third_country_reason",
            "members",
            "checks",
            "gate",
            "created_at",
            "formed_at",
            "submitted_at",
            "closed_at",
        ]

    def get_opportunity(self, team) -> dict:
        opportunity = team.opportunity
        return {
            "id": opportunity.pk,
            "ocid": opportunity.ocid,
            "title": opportunity.title,
            "country": opportunity.country.code,
        }

    def get_checks(self, team) -> list:
        return CheckSerializer(bid_checks.checklist(team), many=True).data

    def get_gate(self, team) -> dict | None:
        """The export-control gate: for the team's accepted members and program staff only."""
        if not permissions.enters_room(self.context["request"].user, team):
            return None
        return GateSerializer(export_gate.gate(team)).data


class TeamCreateSerializer(serializers.Serializer):
    opportunity = serializers.IntegerField()
    company = serializers.IntegerField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    structure = serializers.ChoiceField(choices=TeamStructure.choices, default=TeamStructure.PRIME)
    product = serializers.CharField(required=False, allow_blank=True, default="")
    third_country_reason = serializers.CharField(required=False, allow_blank=True, default="")


class InviteSerializer(serializers.Serializer):
    company = serializers.IntegerField()


class InvitationAnswerSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    accept = serializers.BooleanField()


class CompositionEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField(required=False)
    share = serializers.CharField(required=False)


class CompositionSerializer(serializers.Serializer):
    members = CompositionEntrySerializer(many=True)


class MemberSerializer(serializers.Serializer):
    member = serializers.IntegerField()


class StageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=TeamStage.choices)


class BidTeamViewSet(UserPreferencesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Bid teams seen by the people of their member companies and program staff; writes go through the services."""

    permission_classes = [IsAuthenticated]
    serializer_class = BidTeamSerializer
    filterset_fields = ["stage", "structure", "opportunity"]

    def get_queryset(self):
        return selectors.team_list(permissions.visible_teams(self.request.user)).order_by("-created_at", "-pk")

    def _respond(self, team, code=status.HTTP_200_OK):
        team = self.get_queryset().get(pk=team.pk)
        return Response(BidTeamSerializer(team, context=self.get_serializer_context()).data, status=code)

    def _payload(self, serializer_class):
        payload = serializer_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        return payload.validated_data

    @extend_schema(request=TeamCreateSerializer, responses={201: BidTeamSerializer})
    def create(self, request, *args, **kwargs):
        data = self._payload(TeamCreateSerializer)
        opportunity = permissions.visible_opportunities(request.user).filter(pk=data.pop("opportunity")).first()
        company = Company.objects.filter(pk=data.pop("company")).first()
        if opportunity is None or company is None:
            raise NotFound()
        team = teams.form_team(actor=request.user, opportunity=opportunity, company=company, **data)
        return self._respond(team, status.HTTP_201_CREATED)

    def _member(self, team, pk) -> TeamMember:
        member = team.members.select_related("company").filter(pk=pk).first()
        if member is None:
            raise NotFound()
        return member

    @extend_schema(request=InviteSerializer, responses={200: BidTeamSerializer})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        team = self.get_object()
        company = Company.objects.filter(pk=self._payload(InviteSerializer)["company"]).first()
        if company is None:
            raise NotFound()
        teams.invite_company(actor=request.user, team=team, company=company)
        return self._respond(team)

    @extend_schema(request=InvitationAnswerSerializer, responses={200: BidTeamSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        team = self.get_object()
        data = self._payload(InvitationAnswerSerializer)
        teams.answer_invitation(actor=request.user, member=self._member(team, data["member"]), accept=data["accept"])
        return self._respond(team)

    @extend_schema(request=CompositionSerializer, responses={200: BidTeamSerializer})
    @action(detail=True, methods=["post"])
    def composition(self, request, pk=None):
        team = self.get_object()
        entries = self._payload(CompositionSerializer)["members"]
        roles = {entry["id"]: entry["role"] for entry in entries if "role" in entry}
        shares = {entry["id"]: entry["share"] for entry in entries if "share" in entry}
        teams.set_composition(actor=request.user, team=team, roles=roles, shares=shares)
        return self._respond(team)

    @extend_schema(request=MemberSerializer, responses={200: BidTeamSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        team = self.get_object()
        teams.leave_team(actor=request.user, member=self._member(team, self._payload(MemberSerializer)["member"]))
        if not permissions.visible_teams(request.user).filter(pk=team.pk).exists():
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self._respond(team)

    @extend_schema(request=StageSerializer, responses={200: BidTeamSerializer})
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        team = self.get_object()
        teams.change_stage(actor=request.user, team=team, stage=self._payload(StageSerializer)["stage"])
        return self._respond(team)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="A submitted team as the tenderer of the opportunity's OCDS 1.1 release: a consortium with roles.",
    )
    @action(detail=True, methods=["get"])
    def ocds(self, request, pk=None):
        team = self.get_object()
        if not permissions.enters_room(request.user, team):
            raise NotFound()
        if team.submitted_at is None:
            raise ValidationError(_("Only a team that has submitted its bid is exported as a tenderer."))
        return Response(releases.team_release(team))
