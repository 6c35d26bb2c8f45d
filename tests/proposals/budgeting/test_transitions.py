"""Every pair of project statuses, for every mover, against the rules in words: what the rules
allow happens and leaves an audit entry; everything else is refused and changes nothing.

The expected moves are written out here from the rules, not read from the production table,
so a row added to (or dropped from) ``proposals.budgeting.transitions`` fails this test.
"""

import itertools

import pytest
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from proposals.budgeting.models import Project
from proposals.budgeting.models import ProjectStatus as S
from proposals.budgeting.services.projects import project_transition
from proposals.budgeting.transitions import Mover

AUTHOR, MODERATION, STAFF, SYSTEM = Mover.AUTHOR, Mover.MODERATION, Mover.STAFF, Mover.SYSTEM

ALLOWED = {
    # A moderator publishes a new project for the feasibility review, and an upheld appeal
    # publishes a rejected one.
    (S.MODERATION, S.REVIEW, MODERATION),
    (S.REJECTED, S.REVIEW, MODERATION),
    # A moderator refuses a new project, or takes a published one off the site after reports,
    # as long as it is not on the ballot.
    (S.MODERATION, S.REJECTED, MODERATION),
    (S.REVIEW, S.REJECTED, MODERATION),
    (S.NOT_FEASIBLE, S.REJECTED, MODERATION),
    # The author appeals a rejection, and editing a published project sends it back to the
    # moderators.
    (S.REJECTED, S.MODERATION, AUTHOR),
    (S.REVIEW, S.MODERATION, AUTHOR),
    # Staff say whether a published project can be done, and may change their verdict (or
    # record a new cost) until voting starts.
    (S.REVIEW, S.FEASIBLE, STAFF),
    (S.REVIEW, S.NOT_FEASIBLE, STAFF),
    (S.FEASIBLE, S.FEASIBLE, STAFF),
    (S.FEASIBLE, S.NOT_FEASIBLE, STAFF),
    (S.NOT_FEASIBLE, S.FEASIBLE, STAFF),
    (S.NOT_FEASIBLE, S.NOT_FEASIBLE, STAFF),
    # The author may withdraw a project that is neither refused nor counted.
    (S.MODERATION, S.WITHDRAWN, AUTHOR),
    (S.REVIEW, S.WITHDRAWN, AUTHOR),
    (S.FEASIBLE, S.WITHDRAWN, AUTHOR),
    (S.NOT_FEASIBLE, S.WITHDRAWN, AUTHOR),
    # The published count decides each project on the ballot, once.
    (S.FEASIBLE, S.SELECTED, SYSTEM),
    (S.FEASIBLE, S.NOT_SELECTED, SYSTEM),
}
MOVERS = [AUTHOR, MODERATION, STAFF, SYSTEM]


@pytest.mark.django_db
@pytest.mark.parametrize("source", S.values)
def test_each_pair_of_statuses_follows_the_rules(make_cycle, make_project, source):
    # One project per source status (the fixtures are the slow part); every target and mover.
    project = make_project(make_cycle("review"), status=source)
    for target, mover in itertools.product(S.values, MOVERS):
        Project.objects.filter(pk=project.pk).update(status=source)
        project.refresh_from_db()
        entries = ModelLogEntry.objects.filter(object_id=str(project.pk), action="proposals.project_status")
        before = entries.count()
        if (source, target, mover) in ALLOWED:
            project_transition(project, target, mover=mover, actor=None, changes={"staff_cost": 100_000_000})
            project.refresh_from_db()
            assert project.status == target, (source, target, mover)
            entry = entries.latest("timestamp")
            assert entries.count() == before + 1
            assert (entry.data["from"], entry.data["to"], entry.data["mover"]) == (source, target, mover)
        else:
            with pytest.raises(ServiceError) as refused:
                project_transition(project, target, mover=mover, actor=None, changes={"staff_cost": 100_000_000})
            assert "cannot be done now" in str(refused.value.message)
            project.refresh_from_db()
            assert project.status == source and entries.count() == before, (source, target, mover)


def test_a_refused_move_saves_none_of_its_changes(make_cycle, make_project):
    project = make_project(make_cycle("review"), status=S.WITHDRAWN)
    with pytest.raises(ServiceError):
        project_transition(project, S.FEASIBLE, mover=STAFF, actor=None, changes={"feasibility_note": "Mumkin."})
    project.refresh_from_db()
    assert project.feasibility_note == "" and project.status == S.WITHDRAWN
