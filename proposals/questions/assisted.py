"""Asking the khokimiyat a question for a resident at an operator's desk (participation.assisted).

The question's own ``question_ask`` does it, as the resident (the author, who follows it and
is answered); this adapter wraps it in ``assisted_act_run``. The consent is bound to the exact
question: its reference carries a hash of the title and text, so a code given for one wording
does not send another.
"""

import hashlib
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from participation.assisted.models import AssistedAct, AssistedActKind
from participation.assisted.services import Assistance, assisted_act_run
from participation.models import Territory, TerritoryKind, User
from participation.selectors import territory_ancestors
from proposals.questions.models import Question
from proposals.questions.services import question_ask

WHAT = _("ask the khokimiyat “%(title)s”")


def question_territory_for(resident: User) -> Territory | None:
    """The khokimiyat the resident asks: their district or city."""
    home = resident.home_territory
    if home is None:
        return None
    kinds = (TerritoryKind.DISTRICT, TerritoryKind.CITY)
    return next(
        (t for t in reversed(list(territory_ancestors(home, include_self=True))) if t.kind in kinds),
        None,
    )


def question_consent_reference(territory: Territory, title: str, text: str, topic: str) -> str:
    digest = hashlib.sha256(f"{title}\n{text}\n{topic}".encode()).hexdigest()[:24]
    return f"question:{territory.pk}:{digest}"


def question_consent_what(title: str) -> str:
    """What the text message tells the resident they agree to (call in their language)."""
    return str(WHAT % {"title": title[:80]})


def question_ask_assisted(
    *, assistance: Assistance, territory: Territory, title: str, text: str, topic: str, now: datetime | None = None
) -> tuple[AssistedAct, Question]:
    """Ask as ``assistance.resident``, recorded as done for them; refused as their own would be."""
    asked = {}

    def ask():
        asked["question"] = question_ask(
            author=assistance.resident, territory=territory, title=title, text=text, topic=topic, now=now
        )
        return asked["question"], True

    act = assisted_act_run(assistance=assistance, kind=AssistedActKind.QUESTION, act=ask, territory=None, now=now)
    return act, asked["question"]
