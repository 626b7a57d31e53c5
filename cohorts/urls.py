from django.urls import path

from .views import staff

app_name = "cohorts"

# Applicants (cohorts/views/apply.py), reviewers (views/review.py), program staff
# (views/staff.py, views/decisions.py).
urlpatterns = [
    # Staff: cohorts, their dashboard, the application table and its export.
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/new/", staff.create, name="create"),
    path("staff/<slug:slug>/edit/", staff.edit, name="edit"),
    path("staff/<slug:slug>/", staff.dashboard, name="dashboard"),
    path("staff/<slug:slug>/applications/", staff.applications, name="applications"),
    path("staff/<slug:slug>/applications.csv", staff.export, name="export"),
]
