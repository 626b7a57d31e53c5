"""Fails when a gettext catalog has an untranslated or fuzzy entry, or Japanese that breaks the
site's conventions: ログイン (never サインイン) and full-width colons after Japanese text.

Usage: python -m accelerator.catalog_check locale/ja/LC_MESSAGES/django.po
"""

import re
import sys

import polib

# An ASCII colon right after Japanese text, as in "企業: 3社" where the site writes "企業：3社".
ASCII_COLON_AFTER_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff）」]:(\s|$)")


def incomplete_entries(path: str) -> list[polib.POEntry]:
    catalog = polib.pofile(path)
    return [entry for entry in catalog if not entry.obsolete and (not entry.translated() or entry.fuzzy)]


def style_problems(path: str) -> list[str]:
    problems = []
    for entry in polib.pofile(path):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if "サインイン" in text:
                problems.append(f"says サインイン where the site says ログイン: {entry.msgid!r}")
            if ASCII_COLON_AFTER_JAPANESE.search(text):
                problems.append(f"ASCII colon after Japanese text (use ：): {entry.msgid!r}")
    return problems


def main(paths: list[str]) -> int:
    failures = 0
    for path in paths:
        missing = incomplete_entries(path)
        for entry in missing:
            print(f"{path}: untranslated or fuzzy: {entry.msgid!r}")
        failures += len(missing)
        for problem in style_problems(path):
            print(f"{path}: {problem}")
            failures += 1
        print(f"{path}: {len(polib.pofile(path).translated_entries())} translated, {len(missing)} missing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
