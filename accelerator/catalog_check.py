"""Fails when a gettext catalog has an untranslated or fuzzy entry.

Usage: python -m accelerator.catalog_check locale/ja/LC_MESSAGES/django.po
"""

import sys

import polib


def incomplete_entries(path: str) -> list[polib.POEntry]:
    catalog = polib.pofile(path)
    return [entry for entry in catalog if not entry.obsolete and (not entry.translated() or entry.fuzzy)]


def main(paths: list[str]) -> int:
    failures = 0
    for path in paths:
        missing = incomplete_entries(path)
        for entry in missing:
            print(f"{path}: untranslated or fuzzy: {entry.msgid!r}")
        failures += len(missing)
        print(f"{path}: {len(polib.pofile(path).translated_entries())} translated, {len(missing)} missing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
