"""The consultations section against figures computed by hand; its people counts (inputs by
participant, disposition, gender, age band) follow the suppression rule."""

from meetings.consultations import report
from meetings.consultations.models import Consultation, Input
from participation.transparency.periods import period_parse
from participation.transparency.suppression import HIDDEN, SUPPRESSED
from tests.factories.accounts import UserFactory
from tests.transparency.conftest import at


def give(consultation, count, *, kind="individual", gender="", age_band="", disposition="", day=10, **fields):
    version = consultation.versions.order_by("number").first()
    for _ in range(count):
        Input.objects.create(
            consultation=consultation,
            version=version,
            target="document",
            text="Taklif",
            author=UserFactory(),
            created_at=at(3, day),
            status="published",
            participant_kind=kind,
            gender=gender,
            age_band=age_band,
            disposition=disposition,
            disposition_reason="Sabab" if disposition else "",
            disposition_at=at(3, 28) if disposition else None,
            **fields,
        )


def by_key(items):
    return {item["key"]: item for item in items}


def test_march_counts_consultations_inputs_and_who_gave_them(make_consultation, tree):
    consultation = make_consultation(phase="analysis")
    Consultation.objects.filter(pk=consultation.pk).update(
        published_at=at(3, 1), concluded_at=at(3, 29), outcome_due_at=at(3, 30)
    )
    late = make_consultation(phase="analysis", title="Ikkinchi")
    Consultation.objects.filter(pk=late.pk).update(
        published_at=at(1, 1), concluded_at=at(3, 20), outcome_due_at=at(3, 1)
    )
    give(consultation, 12, gender="female", age_band="30-44", disposition="accepted")
    give(consultation, 6, gender="male", age_band="18-29", disposition="not_accepted")
    give(consultation, 2, kind="wag", gender="female", age_band="60+")
    give(consultation, 3)  # did not consent to share gender and age
    give(consultation, 4, day=1, kind="ngo")  # 1 March, in the period too

    section = report.compute(tree.yangiqorgon, period_parse("2026-03"))

    assert {i["key"]: i["value"] for i in section["figures"]} == {
        "published": 1,
        "concluded_on_time": 1,
        "concluded_late": 1,
        "inputs": 27,
    }
    tables = {key: {row["key"]: row["value"] for row in t["rows"]} for key, t in by_key(section["tables"]).items()}
    # Individuals 21, the women's group 2 and the NGO 4: both small ones hidden, nothing recoverable.
    assert tables["inputs_by_participant"] == {"individual": 21, "ngo": SUPPRESSED, "wag": SUPPRESSED}
    assert tables["dispositions"] == {"accepted": 12, "partly": 0, "not_accepted": 6, "out_of_scope": 0}
    assert tables["inputs_by_gender"] == {"female": 14, "male": 6}
    # 18-29: 6, 30-44: 12, 60+: 2 (hidden) and so the next smallest (6) too, marked "hidden"
    # (it is 5 or more); the total 20 stays.
    assert tables["inputs_by_age_band"] == {"<18": 0, "18-29": HIDDEN, "30-44": 12, "45-59": 0, "60+": SUPPRESSED}
    assert by_key(section["tables"])["inputs_by_age_band"]["total"] == 20
