"""Errors the core's services raise. Messages are constants tests can name and views show."""

from django.utils.translation import gettext_lazy as _

VERIFY_SELF = _("You cannot verify your own identity.")
VERIFY_NOT_ALLOWED = _("You may verify only residents of the territories you manage.")
VERIFY_ALREADY = _("This person is already verified at this level or higher.")
ROLE_GRANT_NOT_ALLOWED = _("You may give roles only on territories you manage.")


class ServiceError(Exception):
    """A rule refused the action; ``message`` is safe to show to the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class TerritoryImportError(Exception):
    """The import file has bad rows; nothing was written. ``errors`` is [(line, message)]."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"line {line}: {message}" for line, message in errors))
