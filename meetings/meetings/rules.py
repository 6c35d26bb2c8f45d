"""Who may do what with a meeting, registered with ``rules``."""

import rules

from meetings.meetings import predicates as p

rules.add_perm("meetings.run_meeting", p.runs_meeting)
rules.add_perm("meetings.use_meeting_screens", p.runs_meetings_somewhere)

# The core of a meeting's life (meetcore): staff of the territory (or above) see drafts and
# proposals, announce, reschedule, cancel and decide on proposals; a representative of a
# verified organisation proposes a meeting for it.
rules.add_perm("meetings.see_meeting", p.is_public | p.runs_meeting)
rules.add_perm("meetings.propose_meeting", p.acts_for_organisation)
# Registration and check-in. Registering for an organisation also needs
# ``participation.organisations.predicates.can_act_for_organisation`` (asked by the service).
rules.add_perm("meetings.register_for_meeting", p.has_confirmed_email & p.takes_registrations)
rules.add_perm("meetings.check_in_at_meeting", p.runs_meeting & p.is_announced)
# Minutes and action items (meetfollow). Targets: the meeting (write minutes, add an item), the
# ``Minutes`` (read the draft, comment, approve, correct) and the ``ActionItem`` (move, report).
rules.add_perm("meetings.write_minutes", p.runs_meeting)
rules.add_perm("meetings.read_draft_minutes", p.runs_meeting_of | (p.attended & p.minutes_in_circulation))
rules.add_perm("meetings.comment_minutes", p.attended & p.minutes_comment_period_open)
rules.add_perm("meetings.approve_minutes", p.runs_meeting_of & p.minutes_in_circulation)
rules.add_perm("meetings.correct_minutes", p.runs_meeting_of & p.minutes_approved)
rules.add_perm("meetings.add_action", p.runs_meeting)
rules.add_perm("meetings.move_action", p.runs_meeting_of)
rules.add_perm("meetings.report_action_progress", p.runs_meeting_of | p.represents_action_owner)
