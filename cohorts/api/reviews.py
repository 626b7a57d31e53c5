"""/api/v1/reviews/: reviewers save and submit their own reviews; who reads which is decided in permissions."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accelerator.accounts.api import UserPreferencesMixin, signed_in_user

from ..filters import ReviewFilter
from ..models import Application, Review
from ..permissions import assigned_to, visible_reviews
from ..services.reviews import UNKNOWN_CRITERION, save_review
from .fields import ScoresField


class ReviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_short_name")


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = ReviewerSerializer(read_only=True)

    class Meta:
        model = Review
        fields = (
            "id",
            "application",
            "reviewer",
            "scores",
            "comment",
            "recommendation",
            "weighted_score",
            "submitted_at",
            "updated_at",
        )
        read_only_fields = fields
        extra_kwargs = {"submitted_at": {"help_text": _("Null while the review is a draft.")}}


class ReviewDraftSerializer(serializers.Serializer):
    scores = ScoresField(required=False, help_text=_("Scores by criterion code; they replace the saved scores."))
    comment = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    recommendation = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("One of strong_accept, accept, unsure, reject; needed to submit."),
    )
    submit = serializers.BooleanField(
        default=False,
        help_text=_("Submit the review: every criterion scored and a recommendation. A submitted review is final."),
    )


class NewReviewSerializer(ReviewDraftSerializer):
    application = serializers.IntegerField(help_text=_("The id of an application assigned to you."))


def _scores_under_their_field(detail: dict) -> dict:
    """save_review keys a score for a criterion the rubric lacks by its code; the API nests those under "scores"."""
    scores = {key: errors for key, errors in detail.items() if any(error.code == UNKNOWN_CRITERION for error in errors)}
    shaped = {key: errors for key, errors in detail.items() if key not in scores}
    if scores:
        shaped["scores"] = scores
    return shaped


class ReviewViewSet(UserPreferencesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reviews: program staff see all; applicants none.

    A reviewer sees their own reviews, drafts included, and other reviewers' submitted
    reviews of an application once their own review of it is submitted. A reviewer assigned
    to an application, without a conflict of interest, saves and submits their own review.
    """

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["submitted_at", "weighted_score", "updated_at"]
    ordering = ["application_id", "submitted_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        return visible_reviews(self.request.user).select_related("reviewer")

    def reshape_validation_errors(self, detail: dict) -> dict:
        """save_review's errors for criteria the rubric lacks are nested under "scores" (see accelerator.api_errors)."""
        return _scores_under_their_field(detail)

    def _save(self, application: Application, values: dict) -> Review:
        return save_review(
            application=application,
            reviewer=signed_in_user(self.request),
            scores=values.get("scores", {}),
            comment=values.get("comment", ""),
            recommendation=values.get("recommendation", ""),
            submit=values["submit"],
        )

    def _shown(self, review: Review, code: int = status.HTTP_200_OK) -> Response:
        review = Review.objects.select_related("reviewer").get(pk=review.pk)
        return Response(self.get_serializer(review).data, status=code)

    @extend_schema(
        request=NewReviewSerializer,
        responses={201: ReviewSerializer, 200: ReviewSerializer},
        description="Saves your review of an application assigned to you: 201 for a new one, 200 over your draft.",
    )
    def create(self, request):
        payload = NewReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = get_object_or_404(
            assigned_to(request.user).select_related("cohort"), pk=payload.validated_data["application"]
        )
        existed = Review.objects.filter(application=application, reviewer=request.user).exists()
        review = self._save(application, payload.validated_data)
        return self._shown(review, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        request=ReviewDraftSerializer,
        responses=ReviewSerializer,
        description="Changes your unsubmitted review; what is left out keeps its saved value.",
    )
    def partial_update(self, request, pk=None):
        review = self.get_object()
        if review.reviewer_id != request.user.pk:
            raise PermissionDenied(_("Only the reviewer who wrote a review can change it."))
        payload = ReviewDraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        saved = {"scores": review.scores, "comment": review.comment, "recommendation": review.recommendation}
        application = Application.objects.select_related("cohort").get(pk=review.application_id)
        return self._shown(self._save(application, {**saved, **payload.validated_data}))
