"""Which application statuses each figure counts."""

from ..models import Application

Status = Application.Status
Decision = Application.Decision
# Applications that reached the reviewers and were not taken back.
SUBMITTED_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.WAITLISTED, Status.REJECTED, Status.DECLINED)
# Applications a decision can be staged on: waitlisted ones may be decided again.
DECIDABLE = (Status.SUBMITTED, Status.WAITLISTED)
# Applications left out of reviewer assignments and their counts.
UNREVIEWED = (Status.DRAFT, Status.WITHDRAWN)
