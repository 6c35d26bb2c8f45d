"""Helpers of the question tests (not tests themselves): ask, publish, reject, the clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

from participation.models import ReasonCode, VerificationLevel
from proposals.questions import services as question_services
from proposals.questions.models import Question, QuestionTopic
from tests.factories import UserFactory

TASHKENT = ZoneInfo("Asia/Tashkent")
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=TASHKENT)
# A question published at T0 is due at the end of the 15th day after it, in Tashkent.
DUE0 = datetime(2026, 3, 17, 23, 59, 59, tzinfo=TASHKENT)
XSS_TITLE = '<script>alert("t")</script> <img src=x onerror=alert(1)>'
XSS_TEXT = '<script>alert("x")</script>\n<img src=x onerror="alert(2)">\n<a href="javascript:alert(3)">bosing</a>'


def make_resident(**fields):
    fields.setdefault("verification_level", VerificationLevel.EMAIL)
    return UserFactory(**fields)


def ask(khokimiyat, author, **fields) -> Question:
    """Ask the khokimiyat of this page a question (the page's territory is the address)."""
    values = {
        "title": "Navbahor koʻchasida suv yoʻq",
        "text": "Dushanbadan beri ichimlik suvi kelmayapti.",
        "topic": QuestionTopic.WATER,
    }
    values.update(fields)
    return question_services.question_ask(author=author, territory=khokimiyat.territory, **values)


def publish(question, moderator, now=T0) -> Question:
    """A moderator approves the question's waiting item in the moderation queue."""
    return question_services.question_moderate(question=question, moderator=moderator, publish=True, now=now)


def a_reason() -> ReasonCode:
    """One of the shipped reason codes (a data migration installs them)."""
    return ReasonCode.objects.filter(is_active=True).order_by("position", "code").first()


def reject(question, moderator, explanation="Shaxsiy maʼlumot bor.", now=T0) -> Question:
    """A moderator rejects the question with a reason code and an explanation the author reads."""
    return question_services.question_moderate(
        question=question, moderator=moderator, publish=False, reason=a_reason(), explanation=explanation, now=now
    )
