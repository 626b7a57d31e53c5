"""Writes that matter for cohorts, one module per part of the journey.

`cohorts` (calls and rubrics), `applications` (drafts, submission, messages), `reviews`
(assignment, conflicts, scoring) and `decisions` (staging, release, the waitlist).
"""
