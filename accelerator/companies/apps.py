from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "accelerator.companies"
    label = "companies"
    verbose_name = _("Companies")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from accelerator import kept

        from .models import CapabilityTag, Segment, TechnologyArea

        def forget_kept_names(sender, **kwargs):
            # After the commit, so a page built meanwhile cannot keep the old names as new.
            transaction.on_commit(kept.forget)

        for model in (Segment, TechnologyArea, CapabilityTag):
            for signal in (post_save, post_delete):
                signal.connect(forget_kept_names, sender=model, weak=False, dispatch_uid=f"kept.{model.__name__}")
