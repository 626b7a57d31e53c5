from django.urls import path, re_path

from .views import apply, decisions, mentoring, mentoring_staff, review, staff

app_name = "cohorts"

COHORT_SLUG = r"(?!(?:applications|reviews|staff|mentoring)/)(?P<slug>[-a-zA-Z0-9_]+)"

# Applicants (cohorts/views/apply.py), reviewers (views/review.py), program staff
# (views/staff.py, views/decisions.py).
urlpatterns = [
    # Applicants ("apply")
    path("", apply.cohort_list, name="list"),
    path("applications/", apply.my_applications, name="my_applications"),
    path("applications/<int:pk>/", apply.application_detail, name="application"),
    path("applications/<int:pk>/edit/", apply.edit_application, name="edit_application"),
    path("applications/<int:pk>/submit/", apply.submit_application, name="submit_application"),
    path("applications/<int:pk>/withdraw/", apply.withdraw_application, name="withdraw_application"),
    path("applications/<int:pk>/decline/", apply.decline_offer, name="decline_offer"),
    path("applications/<int:pk>/messages/", apply.post_message, name="post_message"),
    path("applications/<int:pk>/pitch-deck/", apply.pitch_deck, name="pitch_deck"),
    # A cohort's address never shadows the other sections, whatever order the paths are in.
    re_path(rf"^{COHORT_SLUG}/$", apply.cohort_detail, name="detail"),
    re_path(rf"^{COHORT_SLUG}/apply/$", apply.apply, name="apply"),
    # Reviewers, and the staff page that assigns them (part "review").
    path("reviews/", review.reviews, name="reviews"),
    path("reviews/<int:pk>/", review.review, name="review"),
    path("reviews/<int:pk>/conflict/", review.declare_conflict, name="declare_conflict"),
    path("staff/<slug:slug>/assignments/", review.assignments, name="assignments"),
    # Decisions: staged, released together, the waitlist (views/decisions.py).
    path("staff/<slug:slug>/decisions/", decisions.decisions, name="decisions"),
    path("staff/<slug:slug>/decisions/stage/", decisions.stage_decisions, name="stage_decisions"),
    path("staff/<slug:slug>/decisions/release/", decisions.release_decisions, name="release_decisions"),
    path("staff/applications/<int:pk>/decision/", decisions.stage_decision, name="stage_decision"),
    path("staff/applications/<int:pk>/promote/", decisions.promote, name="promote"),
    path("staff/applications/<int:pk>/note/", staff.staff_note, name="staff_note"),
    # Staff: cohorts, their dashboard, the application table and its export.
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/new/", staff.create, name="create"),
    path("staff/mentors/", mentoring_staff.mentors, name="staff_mentors"),
    path("staff/<slug:slug>/edit/", staff.edit, name="edit"),
    path("staff/<slug:slug>/", staff.dashboard, name="dashboard"),
    path("staff/<slug:slug>/applications/", staff.applications, name="applications"),
    path("staff/<slug:slug>/applications.csv", staff.export, name="export"),
    # The mentor program: mentors and startups (views/mentoring.py), staff (views/mentoring_staff.py).
    path("mentoring/", mentoring.home, name="mentoring"),
    path("mentoring/profile/", mentoring.edit_profile, name="mentor_profile"),
    path("mentoring/office-hours/", mentoring.office_hours, name="office_hours"),
    path("mentoring/mentors/<int:pk>/", mentoring.mentor_detail, name="mentor"),
    path("mentoring/assignments/<int:pk>/book/", mentoring.book, name="book_session"),
    path("mentoring/assignments/<int:pk>/goals/", mentoring.add_goal, name="add_goal"),
    path("mentoring/goals/<int:pk>/status/", mentoring.goal_status, name="goal_status"),
    path("mentoring/goals/<int:pk>/milestones/", mentoring.add_milestone, name="add_milestone"),
    path("mentoring/milestones/<int:pk>/done/", mentoring.milestone_done, name="milestone_done"),
    path("mentoring/sessions/<int:pk>/", mentoring.session_detail, name="mentor_session"),
    path("mentoring/sessions/<int:pk>/cancel/", mentoring.cancel, name="cancel_session"),
    path("mentoring/sessions/<int:pk>/reschedule/", mentoring.reschedule, name="reschedule_session"),
    path("mentoring/sessions/<int:pk>/log/", mentoring.log, name="log_session"),
    path("mentoring/sessions/<int:pk>/feedback/", mentoring.feedback, name="session_feedback"),
    path("mentoring/<slug:slug>/startups/<int:company_id>/ranking/", mentoring.rank, name="rank_mentors"),
    path("mentoring/<slug:slug>/startups/<int:company_id>/interest/", mentoring.interest, name="mentor_interest"),
    path("staff/<slug:slug>/mentoring/", mentoring_staff.mentoring, name="staff_mentoring"),
    path("staff/<slug:slug>/mentoring/action/", mentoring_staff.mentoring_action, name="staff_mentoring_action"),
    path("staff/<slug:slug>/mentoring.csv", mentoring_staff.mentoring_export, name="staff_mentoring_export"),
]
