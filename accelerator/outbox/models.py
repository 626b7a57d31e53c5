from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A Celery task recorded in the transaction of the change that needs it."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    countdown = models.PositiveIntegerField(_("delay in seconds"), default=0)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox task")
        verbose_name_plural = _("outbox tasks")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(dispatched_at__isnull=True), name="outbox_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.dispatched_at is None
