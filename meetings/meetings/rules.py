"""Who may do what with a meeting, registered with ``rules``."""

import rules

from meetings.meetings import predicates as p

rules.add_perm("meetings.run_meeting", p.runs_meeting)
rules.add_perm("meetings.use_meeting_screens", p.runs_meetings_somewhere)
