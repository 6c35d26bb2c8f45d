"""Follows in the core: anything can be followed, once per person, and the follows of one kind
of thing never leak into another's even when their numbers are the same."""

import pytest
from django.contrib.auth.models import AnonymousUser

from participation.exceptions import ServiceError
from participation.follows.selectors import followers_of, follows_of, is_following
from participation.follows.services import FOLLOW_SIGN_IN, follow_set
from proposals.budgeting.models import Project
from tests.fixtures.clock import T0


def test_following_twice_keeps_one_follow_and_stopping_removes_it(make_cycle, make_project, resident):
    project = make_project(make_cycle("voting"))
    person = resident()
    follow_set(project, user=person, now=T0)
    follow_set(project, user=person, now=T0)
    assert follows_of(project).count() == 1 and is_following(project, person)
    follow_set(project, user=person, follow=False)
    assert not follows_of(project).exists() and not is_following(project, person)
    follow_set(project, user=person, follow=False)  # stopping twice is harmless


def test_anonymous_visitors_cannot_follow(make_cycle, make_project):
    project = make_project(make_cycle("voting"))
    with pytest.raises(ServiceError) as refused:
        follow_set(project, user=AnonymousUser())
    assert refused.value.message == FOLLOW_SIGN_IN
    assert not is_following(project, AnonymousUser())


def test_followers_come_in_the_order_they_started_and_kinds_do_not_mix(
    make_cycle, make_project, make_petition, resident
):
    petition = make_petition()
    project = make_project(make_cycle("voting"))
    # Give the project the petition's number: only the kind tells them apart.
    Project.objects.filter(pk=project.pk).update(id=petition.pk)
    project = Project.objects.get(pk=petition.pk)
    first, second, other = resident(), resident(), resident()
    follow_set(project, user=second, now=T0)
    follow_set(project, user=first, now=T0.replace(hour=9))
    follow_set(petition, user=other, now=T0)
    assert followers_of(project) == [first, second]
    assert followers_of(petition) == [other]
    assert not is_following(project, other) and not is_following(petition, first)
