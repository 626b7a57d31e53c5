"""Seats and the country mix: who takes a seat, and how the cohort splits by country against its targets.

A staged acceptance takes a seat as soon as it is staged: that is what staff balance while
deciding, and what the decision services count under their lock.
"""

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import Cohort
from .counts import Counts, count_applications
from .statuses import DECIDABLE, SUBMITTED_STATUSES, Decision, Status

ACCEPTED = Q(status=Status.ACCEPTED)
STAGED_ACCEPT = Q(status__in=DECIDABLE, pending_decision=Decision.ACCEPT)
TAKES_A_SEAT = ACCEPTED | STAGED_ACCEPT


@dataclass(frozen=True)
class Seats:
    seats: int
    accepted: int
    staged: int

    @property
    def used(self) -> int:
        """Accepted, and staged to accept."""
        return self.accepted + self.staged

    @property
    def free(self) -> int:
        """Below zero when seats were lowered after acceptances were staged."""
        return self.seats - self.used


@cache
def seats_counts() -> Counts:
    """What `seat_counts` counts (see `counts.count_applications`)."""
    return MappingProxyType({"seats_accepted": ACCEPTED, "seats_staged": STAGED_ACCEPT})


def seat_counts(cohort: Cohort, counts: dict[str, int] | None = None) -> Seats:
    """The cohort's seats, its accepted applications and its staged acceptances, in one query
    (or from `counts`, `seats_counts` counted with other figures' counts)."""
    if counts is None:
        counts = count_applications(cohort, seats_counts())
    return Seats(seats=cohort.seats, accepted=counts["seats_accepted"], staged=counts["seats_staged"])


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, rounded down to one decimal; None of nothing.

    Rounded down, a share shown as meeting a whole-number target always does: 39.96% shows
    as 39.9%, never as a 40.0% that falls short.
    """
    return (1000 * part // whole) / 10 if whole else None


def meets(part: int, whole: int, target: int | None) -> bool:
    """`part` is at least `target` percent of `whole` (exactly, not after rounding)."""
    return target is None or (whole > 0 and 100 * part >= target * whole)


@dataclass(frozen=True)
class CountryShare:
    code: str
    label: Promise
    count: int
    whole: int
    target: int | None = None

    @property
    def share(self) -> float | None:
        return share(self.count, self.whole)

    @property
    def meets_target(self) -> bool:
        return meets(self.count, self.whole, self.target)


@dataclass(frozen=True)
class CountryMix:
    """Submitted applications, and seats taken (accepted or staged to accept), by country."""

    submitted: int
    submitted_us: int
    submitted_jp: int
    accepted: int
    accepted_us: int
    accepted_jp: int
    target_us: int
    target_jp: int
    seats: int

    @property
    def submitted_other(self) -> int:
        return self.submitted - self.submitted_us - self.submitted_jp

    @property
    def accepted_other(self) -> int:
        return self.accepted - self.accepted_us - self.accepted_jp

    def _rows(self, us: int, jp: int, other: int, whole: int) -> list[CountryShare]:
        return [
            CountryShare("US", _("United States"), us, whole, self.target_us),
            CountryShare("JP", _("Japan"), jp, whole, self.target_jp),
            CountryShare("other", _("Other countries"), other, whole),
        ]

    @property
    def submitted_rows(self) -> list[CountryShare]:
        return self._rows(self.submitted_us, self.submitted_jp, self.submitted_other, self.submitted)

    @property
    def accepted_rows(self) -> list[CountryShare]:
        """The cohort as decided so far."""
        return self._rows(self.accepted_us, self.accepted_jp, self.accepted_other, self.accepted)

    @property
    def share_us(self) -> float | None:
        return share(self.submitted_us, self.submitted)

    @property
    def share_jp(self) -> float | None:
        return share(self.submitted_jp, self.submitted)

    @property
    def accepted_share_us(self) -> float | None:
        return share(self.accepted_us, self.accepted)

    @property
    def accepted_share_jp(self) -> float | None:
        return share(self.accepted_jp, self.accepted)

    @property
    def meets_target(self) -> bool:
        return all(row.meets_target for row in self.submitted_rows)

    @property
    def accepted_meets_target(self) -> bool:
        return all(row.meets_target for row in self.accepted_rows)


MIX_FIGURES = ("submitted", "submitted_us", "submitted_jp", "accepted", "accepted_us", "accepted_jp")


@cache
def country_mix_counts() -> Counts:
    """What `country_mix` counts (see `counts.count_applications`)."""
    submitted = Q(status__in=SUBMITTED_STATUSES)
    return MappingProxyType(
        {
            "mix_submitted": submitted,
            "mix_submitted_us": submitted & Q(company_country="US"),
            "mix_submitted_jp": submitted & Q(company_country="JP"),
            "mix_accepted": TAKES_A_SEAT,
            "mix_accepted_us": TAKES_A_SEAT & Q(company_country="US"),
            "mix_accepted_jp": TAKES_A_SEAT & Q(company_country="JP"),
        }
    )


def country_mix(cohort: Cohort, counts: dict[str, int] | None = None) -> CountryMix:
    """Submitted applications by country, and seats taken by country, against the targets, in one query
    (or from `counts`, `country_mix_counts` counted with other figures' counts)."""
    if counts is None:
        counts = count_applications(cohort, country_mix_counts())
    return CountryMix(
        **{name: counts[f"mix_{name}"] for name in MIX_FIGURES},
        target_us=cohort.min_share_us,
        target_jp=cohort.min_share_jp,
        seats=cohort.seats,
    )
