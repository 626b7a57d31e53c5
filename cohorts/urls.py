from django.urls import path

from .views import review

app_name = "cohorts"

# Applicants (cohorts/views/apply.py), reviewers (views/review.py), program staff
# (views/staff.py, views/decisions.py).
urlpatterns = [
    # Reviewers, and the staff page that assigns them (part "review").
    path("reviews/", review.reviews, name="reviews"),
    path("reviews/<int:pk>/", review.review, name="review"),
    path("reviews/<int:pk>/conflict/", review.declare_conflict, name="declare_conflict"),
    path("staff/<slug:slug>/assignments/", review.assignments, name="assignments"),
]
