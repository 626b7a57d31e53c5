app_name = "cohorts"

# Applicants (cohorts/views/apply.py), reviewers (views/review.py), program staff
# (views/staff.py, views/decisions.py).
urlpatterns = []
