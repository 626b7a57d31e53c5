"""Cohort screens by audience: applicants (apply), reviewers (review), program staff (staff, decisions)."""
