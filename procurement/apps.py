from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self) -> None:
        from accelerator.calendar import register_calendar_source

        from .calendar_events import deadline_events, task_events

        register_calendar_source(deadline_events)
        register_calendar_source(task_events)

        from matchmaking.services.inbox import items_read

        from .services.alerts import mark_read_from_inbox

        items_read.connect(mark_read_from_inbox, weak=False, dispatch_uid="procurement.alerts_read")
