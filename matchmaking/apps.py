from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self):
        from accelerator.companies.signals import profile_changed

        from . import services

        def refresh_after_profile_change(sender, company_id, **kwargs):
            services.schedule_refresh(company_id=company_id)

        profile_changed.connect(refresh_after_profile_change, weak=False, dispatch_uid="matchmaking.refresh")
