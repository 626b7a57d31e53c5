"""Email printed to the console as a person reads it: headers decoded, text undecorated.

Django's console backend prints the wire format, where quoted-printable wrapping breaks
long links ("=3D", a trailing "=") and Japanese text is unreadable escapes. Local
development and the demo print email here (EMAIL_URL=consolemail://).
"""

from email.header import decode_header, make_header

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

HEADERS = ("Subject", "From", "To", "Cc", "Reply-To", "Date")


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message):
        wire = message.message()
        lines = []
        for name in HEADERS:
            if wire[name]:
                lines.append(f"{name}: {make_header(decode_header(str(wire[name])))}")
        for part in wire.walk():
            if part.is_multipart():
                continue
            filename = part.get_filename()
            if filename or part.get_content_maintype() != "text":
                lines.append(f"[attachment: {filename or part.get_content_type()}]")
                continue
            body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8", errors="replace")
            lines.append("")
            if part.get_content_subtype() != "plain":
                lines.append(f"[{part.get_content_type()}]")
            lines.append(body.rstrip())
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
