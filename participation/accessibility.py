"""The accessibility features a place can have: a service centre and a meeting's venue list
the same ones, so a resident who filters centres by "step-free" finds the same words on a
hearing's page."""

from django.utils.translation import gettext_lazy as _

# (field name, label): one boolean column each, so "step-free and sign language" is a plain
# indexed AND filter, and adding a feature is a migration everyone can read.
ACCESSIBILITY_FEATURES = [
    ("step_free_entrance", _("Step-free entrance")),
    ("accessible_toilet", _("Accessible toilet")),
    ("sign_language", _("Sign-language help")),
    ("large_print", _("Large-print forms")),
    ("elderly_help", _("Help for the elderly")),
]
