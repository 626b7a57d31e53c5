from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Cohorts")

    def ready(self):
        from accelerator.calendar import register_calendar_source

        from .mentoring_calendar import calendar_events

        register_calendar_source(calendar_events)
