from django.urls import path

from .views import decisions

app_name = "cohorts"

# Applicants (cohorts/views/apply.py), reviewers (views/review.py), program staff
# (views/staff.py, views/decisions.py).
urlpatterns = [
    # Decisions: staged, released together, the waitlist (views/decisions.py).
    path("staff/<slug:slug>/decisions/", decisions.decisions, name="decisions"),
    path("staff/<slug:slug>/decisions/release/", decisions.release_decisions, name="release_decisions"),
    path("staff/applications/<int:pk>/decision/", decisions.stage_decision, name="stage_decision"),
    path("staff/applications/<int:pk>/promote/", decisions.promote, name="promote"),
]
