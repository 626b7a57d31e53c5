from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "accelerator.councils"
    label = "councils"
    verbose_name = _("Advisory councils")

    def ready(self) -> None:
        from accelerator.calendar import register_calendar_source

        # The outbox names tasks; importing them here registers them wherever Django runs.
        from . import tasks  # noqa: F401
        from .calendar_events import events_for

        register_calendar_source(events_for)
