import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager, Group
from django.db import connections, models, router
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The program roles. Each is a Django group that staff grant in the admin."""

    APPLICANT = "applicant", _("Applicant")
    STAFF = "staff", _("Program staff")
    REVIEWER = "reviewer", _("Reviewer")
    MENTOR = "mentor", _("Mentor")
    PARTNER = "partner", _("Partner")
    COUNCIL_MEMBER = "council_member", _("Council member")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person using the platform. Email is the login; there are no usernames."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", choices=time_zone_choices)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        permissions = [("grant_program_roles", _("Can grant program roles"))]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @cached_property
    def roles(self) -> frozenset[str]:
        """The role names this user holds (one query, cached on the instance).

        Most signed-in requests ask (the second factor's check, the navigation), so the
        statement is written once instead of being compiled by the ORM per request: the same
        join of the user's groups that `self.groups.filter(name__in=Role.values)` ran.
        """
        names = {name for name in _group_names(self.pk) if name in _ROLE_NAMES} if self.pk else set()
        if self.is_superuser:
            names.add(Role.STAFF)
        return frozenset(names)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_program_staff(self) -> bool:
        return self.is_superuser or Role.STAFF in self.roles


_ROLE_NAMES = frozenset(Role.values)
_GROUP_NAMES_SQL = (
    "SELECT g.name FROM {groups} g INNER JOIN {memberships} m ON g.id = m.{group_id} WHERE m.{user_id} = %s"
)


def _group_names(user_id: int) -> list[str]:
    """The names of every group `user_id` belongs to."""
    memberships = User.groups.through._meta
    connection = connections[router.db_for_read(Group)]
    quote = connection.ops.quote_name
    statement = _GROUP_NAMES_SQL.format(
        groups=quote(Group._meta.db_table),
        memberships=quote(memberships.db_table),
        group_id=quote(User.groups.field.m2m_reverse_name()),
        user_id=quote(User.groups.field.m2m_column_name()),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [user_id])
        return [row[0] for row in cursor.fetchall()]


class SentEmail(models.Model):
    """One email the platform decided to send, by a key naming what it is about and for whom.

    The row is committed before the email is handed to the mail server, so that a task
    that runs again (a retry, a broker's redelivery after a worker died) finds it and does
    not mail the person twice.
    """

    key = models.CharField(_("key"), max_length=255, unique=True)
    recipients = models.TextField(_("recipients"), blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")
        ordering = ["-claimed_at"]

    def __str__(self) -> str:
        return self.key


class CalendarFeed(models.Model):
    """A user's private calendar feed address. Resetting it revokes every copy of the old one."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("user"))
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
