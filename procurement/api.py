"""/api/v1/opportunities/: the feed with the web list's filters, OCDS output, and the staff import."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accelerator.accounts.api import UserPreferencesMixin

from . import permissions, releases, selectors
from .filters import OpportunityFilter
from .models import ImportRun, Opportunity, Source
from .services import importing

PACKAGE_LIMIT = 1000


class ClassificationSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    code = serializers.CharField()
    label = serializers.CharField()


class OpportunitySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    classifications = ClassificationSerializer(many=True, read_only=True)
    export_markers = serializers.ListField(child=serializers.CharField(), read_only=True)
    days_left = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="opportunity-detail")

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "url",
            "source",
            "source_id",
            "ocid",
            "reference",
            "notice_type",
            "country",
            "buyer_name",
            "language",
            "title",
            "title_translation",
            "status",
            "value_amount",
            "value_currency",
            "posted_at",
            "deadline",
            "days_left",
            "bids_open_at",
            "tenders_opened_at",
            "set_aside_code",
            "set_aside",
            "classifications",
            "export_markers",
        ]

    def get_days_left(self, opportunity) -> int | None:
        return selectors.days_left(opportunity.deadline)


class OpportunityDetailSerializer(OpportunitySerializer):
    class Meta(OpportunitySerializer.Meta):
        fields = [
            *OpportunitySerializer.Meta.fields,
            "description",
            "description_translation",
            "procurement_method",
            "procurement_method_details",
            "deadline_as_published",
            "place_of_performance",
            "documents",
            "contacts",
            "eligibility",
            "treaties",
            "export_evidence",
            "version",
            "amended_at",
        ]


class ImportRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRun
        fields = [
            "id",
            "source",
            "file_name",
            "state",
            "processed",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "errors",
            "refusal",
            "created_at",
            "finished_at",
        ]


class ImportRequestSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices)
    file = serializers.FileField()


class OpportunityViewSet(UserPreferencesMixin, viewsets.ReadOnlyModelViewSet):
    """Procurement opportunities from SAM.gov, OCDS publishers and Japan's portals; every signed-in user reads them."""

    permission_classes = [IsAuthenticated]
    filterset_class = OpportunityFilter
    ordering_fields = ["deadline", "posted_at", "value_amount"]

    def get_queryset(self):
        visible = permissions.visible_opportunities(self.request.user)
        if self.action in ("retrieve", "ocds"):
            return selectors.opportunity_detail(visible)
        if self.action == "ocds_package":
            return selectors.opportunity_detail(visible).order_by("deadline", "pk")
        return selectors.opportunity_list(visible).order_by("deadline", "pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OpportunityDetailSerializer
        if self.action == "import_file":
            return ImportRequestSerializer
        return OpportunitySerializer

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="The opportunity as an OCDS 1.1 release.")
    @action(detail=True, methods=["get"])
    def ocds(self, request, pk=None):
        return Response(releases.release(self.get_object()))

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description=f"The filtered opportunities (at most {PACKAGE_LIMIT}, soonest deadline first) as an OCDS 1.1 "
        "release package.",
    )
    @action(detail=False, methods=["get"], url_path="ocds-package")
    def ocds_package(self, request):
        opportunities = self.filter_queryset(self.get_queryset())[:PACKAGE_LIMIT]
        return Response(releases.release_package(opportunities, uri=request.build_absolute_uri()))

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={202: ImportRunSerializer},
        description="Program staff only: imports a SAM.gov, OCDS, KKJ or procurement-portal file in the background.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        permission_classes=[permissions.CanImport],
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        payload = ImportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run = importing.start_import(
            user=request.user, source=payload.validated_data["source"], upload=payload.validated_data["file"]
        )
        run.refresh_from_db()
        return Response(ImportRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class ImportRunViewSet(UserPreferencesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Program staff only: imports, their progress, counts and skipped records."""

    permission_classes = [permissions.CanImport]
    serializer_class = ImportRunSerializer
    queryset = ImportRun.objects.all()
    filterset_fields = ["source", "state"]
