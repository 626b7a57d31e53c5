"""Static files for production: hashed, compressed names from collectstatic's manifest.

A site started without `collectstatic` would raise on every page that names a static
file; instead the page is served with the plain name (unstyled until the files are
collected) and the omission is logged.
"""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            logger.error("static file not collected; run `manage.py collectstatic`", extra={"static_file": name})
            return name
