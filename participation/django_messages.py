"""Django's own messages that residents see but Django's Uzbek catalogue leaves empty.

The password rules appear on every sign-up form; without these entries they showed in
English on the Uzbek pages (and so in the generated Cyrillic ones). Listing the msgids here
makes ``makemessages`` keep them in our catalogues, which take precedence over Django's.
Nothing imports this module at run time.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

PASSWORD_RULES = (
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
)

PASSWORD_LENGTH_RULES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
