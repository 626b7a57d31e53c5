"""The site's layout around every page (base.html), written in a few pieces between its blocks.

The layout held a dozen translated words, two CSRF fields, the language switcher and the
footer's zone, each resolved by the template engine on every view. These tags write the same
HTML with the words worked out once per language; what is per request (the language switcher's
return address, the user, the CSRF token, messages, the reader's zone) is escaped as the
template escaped it.
"""

from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from accelerator.accounts.time_zones import time_zone_name

register = template.Library()


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The layout's fixed words in one language, as the catalog has them (as {% translate %} writes them)."""
    return {
        "site": gettext("U.S.–Japan Space Accelerator"),
        "skip": gettext("Skip to content"),
        "menu": gettext("Menu"),
        "main": gettext("Main"),
        "sign_out": gettext("Sign out"),
        "sign_in": gettext("Sign in"),
        "sign_up": gettext("Sign up"),
        "times": gettext("Times are shown in %(zone)s."),
        "change_zone": gettext("Change your time zone"),
        "program": gettext(
            "A program for startups and partners building space businesses across the United States and Japan."
        ),
    }


def _csrf_field(context) -> str:
    """As {% csrf_token %}: the hidden field, or nothing where the token is missing or not provided."""
    token = context.get("csrf_token")
    if token and token != "NOTPROVIDED":  # noqa: S105 - the marker Django uses, not a secret
        return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
    return ""


def _signed_in(context) -> bool:
    user = context.get("user")
    return user is not None and user.is_authenticated


@register.simple_tag
def layout_start() -> SafeString:
    """From the document type to the page's title."""
    return mark_safe(  # noqa: S308 - the language code is one of the site's
        f'<!DOCTYPE html>\n\n<html lang="{conditional_escape(get_language())}">\n<head>\n'
        '  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "  <title>"
    )


@register.simple_tag(takes_context=True)
def layout_head(context) -> SafeString:
    """After the page's title: the site's name, icon and stylesheet."""
    urls = context["layout_urls"]
    words = _words(get_language())
    return mark_safe(  # noqa: S308 - addresses escaped, words as the catalog has them
        f" · {words['site']}</title>\n"
        f'  <link rel="icon" href="{conditional_escape(urls["favicon"])}" type="image/svg+xml">\n'
        f'  <link rel="stylesheet" href="{conditional_escape(urls["stylesheet"])}">\n  '
    )


@register.simple_tag(takes_context=True)
def layout_header(context) -> SafeString:
    """The header: brand, menu, navigation, language switcher and the account's links."""
    urls = context["layout_urls"]
    language = get_language()
    words = _words(language)
    csrf = _csrf_field(context)
    request = context.get("request")
    next_address = conditional_escape(request.get_full_path()) if request is not None else ""
    if language == "ja":
        switch = '<button type="submit" name="language" value="en" lang="en">English</button>'
    else:
        switch = '<button type="submit" name="language" value="ja" lang="ja">日本語</button>'
    if _signed_in(context):
        account = (
            f'\n            <a href="{conditional_escape(urls["profile"])}" class="who">'
            f"{conditional_escape(str(context['user']))}</a>\n"
            f'            <form action="{conditional_escape(urls["logout"])}" method="post" class="inline">\n'
            f"              {csrf}\n"
            f'              <button type="submit" class="link">{words["sign_out"]}</button>\n'
            "            </form>\n          "
        )
    else:
        account = (
            f'\n            <a href="{conditional_escape(urls["login"])}">{words["sign_in"]}</a>\n'
            f'            <a class="button small" href="{conditional_escape(urls["signup"])}">{words["sign_up"]}</a>\n'
            "          "
        )
    return mark_safe(  # noqa: S308 - every value escaped, words as the catalog has them
        "\n</head>\n<body>\n"
        f'  <a class="skip" href="#main">{words["skip"]}</a>\n'
        '  <header class="site-header">\n    <div class="wrap header-row">\n'
        f'      <a class="brand" href="{conditional_escape(urls["home"])}">\n'
        '        <span class="brand-mark" aria-hidden="true">◐</span>\n'
        f"        <span>{words['site']}</span>\n      </a>\n"
        "      \n"
        '      <input type="checkbox" id="menu-toggle" class="menu-toggle" aria-controls="site-menu" '
        f'aria-label="{words["menu"]}">\n'
        '      <label for="menu-toggle" class="menu-button" aria-hidden="true"><span class="menu-icon"></span>'
        f"{words['menu']}</label>\n"
        '      <div class="site-menu" id="site-menu">\n'
        f'        <nav class="main-nav" aria-label="{words["main"]}">\n'
        f"          {conditional_escape(context.get('main_nav', ''))}\n"
        "        </nav>\n"
        '        <div class="header-tools">\n'
        '          <form class="language-switcher" '
        f'action="{conditional_escape(urls["set_language"])}" method="post">\n'
        f"            {csrf}\n"
        f'            <input type="hidden" name="next" value="{next_address}">\n'
        f"            \n              {switch}\n            \n"
        "          </form>\n"
        f"          {account}\n"
        "        </div>\n      </div>\n    </div>\n  </header>\n"
        '  <main id="main" class="wrap'
    )


@register.simple_tag(takes_context=True)
def layout_messages(context) -> SafeString:
    """The messages waiting for the reader, above the page's content."""
    messages = context.get("messages")
    listed = ""
    if messages:
        items = "".join(
            f'<li class="message {conditional_escape(message.tags)}">{conditional_escape(str(message))}</li>'
            for message in messages
        )
        listed = f'\n      <ul class="messages">\n        {items}\n      </ul>\n    '
    return mark_safe(f'">\n    {listed}\n    ')  # noqa: S308 - every message escaped


@register.simple_tag(takes_context=True)
def layout_footer(context) -> SafeString:
    """The footer: the zone times are shown in, the program's line, the page's script."""
    urls = context["layout_urls"]
    words = _words(get_language())
    zone = timezone.get_current_timezone_name()
    # Translated before formatting, as {% blocktranslate %} does; the zone's name is escaped.
    times = words["times"] % {"zone": conditional_escape(time_zone_name(zone) if zone else "")}
    change = (
        f'<a href="{conditional_escape(urls["profile"])}">{words["change_zone"]}</a>' if _signed_in(context) else ""
    )
    return mark_safe(  # noqa: S308 - every value escaped, words as the catalog has them
        "\n  </main>\n"
        '  <footer class="site-footer">\n    <div class="wrap">\n      \n'
        f"      <p>{times}\n        {change}</p>\n"
        f"      <p>{words['program']}</p>\n"
        "    </div>\n  </footer>\n"
        f'  <script src="{conditional_escape(urls["submit_on_change"])}" defer></script>\n  '
    )
