"""The demo writes history through the same service a person uses, without a person's limit."""

import copy
import uuid

import pytest

from participation.exceptions import ServiceError
from participation.ratelimit import TOO_MANY
from proposals.petitions.models import Petition
from proposals.petitions.services import lifecycle as svc
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db


def test_the_demo_drafts_past_a_persons_limit_and_a_person_still_cannot(tree, resident, settings):
    """The demo author drafts seven petitions at once; a person may draft one here."""
    caches = copy.deepcopy(settings.CACHES)  # counters of this test alone
    caches["default"]["KEY_PREFIX"] = f"{caches['default'].get('KEY_PREFIX', '')}-demo-{uuid.uuid4().hex}"
    settings.CACHES = caches
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "petition_create": {"user": (1, 3600), "ip": (100, 3600)}}
    author = resident()

    def draft(**options):
        return svc.petition_draft(
            author=author,
            territory=tree.yangiqorgon,
            title="Koʻcha chiroqlari",
            now=T0,
            text="Istiqlol mahallasining markaziy koʻchasida kechasi chiroq yonmaydi.",
            **options,
        )

    draft()
    with pytest.raises(ServiceError) as refused:
        draft()
    assert refused.value.message == TOO_MANY
    draft(rate_limited=False)
    draft(rate_limited=False)
    assert Petition.objects.filter(author=author).count() == 3
