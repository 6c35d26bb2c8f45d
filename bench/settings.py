"""Settings of the server ``bench.signatures`` starts: the test settings plus one bare view."""

from participation.config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
