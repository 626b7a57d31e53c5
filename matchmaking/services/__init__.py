"""Writes that matter for matchmaking, one module per concern.

- `runs`: full and one-company match runs, and storing their suggestions;
- `suggestions`: a member's save, dismissal or restore of a suggestion;
- `introductions`: double opt-in requests, answers, reminders and expiry;
- `inbox`: the shared in-app inbox: new suggestions, other apps' deliveries by key,
  marking items read.

Background work is recorded in the outbox (`accelerator.outbox`) in the transaction of
the change that needs it, by task name, so that services never import the task modules.

The names below are the public face the views, API, tasks and commands use.
"""

from .inbox import Delivery, announce_suggestions, deliver, mark_read
from .introductions import (
    answer_introduction,
    expire_introductions,
    notification_recipients,
    remind_introductions,
    request_introduction,
)
from .runs import (
    CANDIDATES,
    FEEDBACK_CAP,
    FEEDBACK_WEIGHT,
    TOP,
    cancel_run,
    compute,
    compute_run_chunk,
    fail_run,
    finish_run,
    refresh_company,
    requeue_stalled_runs,
    requeue_unfinished_chunks,
    restart_run,
    schedule_refresh,
    start_full_run,
)
from .suggestions import check_member, dismiss_suggestion, restore_suggestion, save_suggestion

__all__ = [
    "CANDIDATES",
    "FEEDBACK_CAP",
    "FEEDBACK_WEIGHT",
    "TOP",
    "Delivery",
    "announce_suggestions",
    "answer_introduction",
    "cancel_run",
    "check_member",
    "compute",
    "compute_run_chunk",
    "deliver",
    "dismiss_suggestion",
    "expire_introductions",
    "fail_run",
    "finish_run",
    "mark_read",
    "notification_recipients",
    "refresh_company",
    "remind_introductions",
    "request_introduction",
    "requeue_stalled_runs",
    "requeue_unfinished_chunks",
    "restart_run",
    "restore_suggestion",
    "save_suggestion",
    "schedule_refresh",
    "start_full_run",
]
