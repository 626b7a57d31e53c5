"""The Japanese catalog is complete and keeps the site's wording."""

from pathlib import Path

import polib

from accelerator import catalog_check

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def test_the_japanese_catalog_is_complete_and_consistent():
    assert catalog_check.main([str(CATALOG)]) == 0


def test_the_check_names_untranslated_entries_and_broken_conventions(tmp_path, capsys):
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="Sign in", msgstr="サインイン"))
    catalog.append(polib.POEntry(msgid="Seats: %(n)s", msgstr="定員: %(n)s"))
    catalog.append(polib.POEntry(msgid="Deadline", msgstr=""))
    catalog.append(polib.POEntry(msgid="Link: https://example.com", msgstr="リンク：https://example.com"))
    path = tmp_path / "django.po"
    catalog.save(str(path))

    assert catalog_check.main([str(path)]) == 1
    printed = capsys.readouterr().out
    assert "サインイン where the site says ログイン: 'Sign in'" in printed
    assert "ASCII colon after Japanese text (use ：): 'Seats: %(n)s'" in printed
    assert "untranslated or fuzzy: 'Deadline'" in printed
    assert "Link" not in printed
