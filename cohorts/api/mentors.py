"""/api/v1/mentors/: mentor profiles, scoped like the web: staff see all, a mentor their own,
a startup's members their startup's mentors."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from .. import permissions
from ..models import MentorProfile


class MentorSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="pk", read_only=True, help_text="The mentor's user id.")
    name = serializers.CharField(source="user.__str__", read_only=True)
    side = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)
    functional_expertise: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    expertise: serializers.SlugRelatedField = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    segments: serializers.SlugRelatedField = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    technology_areas: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )

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
