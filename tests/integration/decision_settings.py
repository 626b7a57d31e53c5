"""Settings for the worker of the decision email test: the site's, with the test URLs that
include the applicant's application page (see tests/cohorts/decision_urls.py)."""

from accelerator.settings import *  # noqa: F403

ROOT_URLCONF = "tests.cohorts.decision_urls"
