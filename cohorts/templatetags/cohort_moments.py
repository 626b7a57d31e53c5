"""{{ value|moment }} and {{ value|moment:zone }}: what |datetime_tz writes, each text worked out once
per process (see cohorts.moments), for the lists that show many moments."""

from django import template

from ..moments import moment

register = template.Library()
register.filter("moment", moment)
