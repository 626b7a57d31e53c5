from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django ends form labels with gettext(":"); this catalog gives Japanese its full-width colon.
gettext_noop(":")


class AccountsConfig(AppConfig):
    name = "accelerator.accounts"
    label = "accounts"
    verbose_name = _("Users")

    def ready(self) -> None:
        from django.db.models import fields

        # The empty choice of every select, in the catalog the site translates.
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
