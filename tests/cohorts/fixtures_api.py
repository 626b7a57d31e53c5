"""Builders shared by the API tests: a token-authenticated client, assignments and reviews.

Assignments and reviews are written directly: the tests are about who sees them.
"""

from decimal import Decimal

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cohorts.models import Application, Review, ReviewAssignment


def api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def assign(application: Application, *reviewers) -> None:
    for reviewer in reviewers:
        ReviewAssignment.objects.create(application=application, reviewer=reviewer)


def make_review(application: Application, reviewer, *, score: int = 4, submitted: bool = True, **fields) -> Review:
    scores = {criterion.code: score for criterion in application.cohort.criteria.all()}
    return Review.objects.create(
        application=application,
        reviewer=reviewer,
        scores=scores,
        weighted_score=Decimal(score),
        recommendation=fields.pop("recommendation", Review.Recommendation.ACCEPT),
        submitted_at=timezone.now() if submitted else None,
        **fields,
    )
