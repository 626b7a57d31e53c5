from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "accelerator.councils"
    label = "councils"
    verbose_name = _("Advisory councils")
