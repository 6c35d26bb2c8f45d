"""Only Uzbek mobile numbers are accepted, however they are typed, and kept in E.164."""

import pytest

from participation.identity.phones import NOT_A_NUMBER, NOT_UZBEK_MOBILE, InvalidPhone, phone_display, phone_normalise


@pytest.mark.parametrize(
    "typed",
    ["+998 90 123 45 67", "+998901234567", "998901234567", "90 123 45 67", "901234567", "(90) 123-45-67"],
)
def test_every_usual_way_of_writing_a_mobile_number_is_read_as_the_same_number(typed):
    assert phone_normalise(typed) == "+998901234567"


@pytest.mark.parametrize("typed", ["+998 33 123 45 67", "+998 77 123 45 67", "+998 20 123 45 67", "+998 99 765 43 21"])
def test_the_operators_mobile_ranges_are_accepted(typed):
    assert phone_normalise(typed).startswith("+998")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("+79161234567", NOT_UZBEK_MOBILE),  # Russian mobile
        ("+998 71 123 45 67", NOT_UZBEK_MOBILE),  # a Tashkent landline cannot receive a code
        ("+1 202 555 0101", NOT_UZBEK_MOBILE),
        ("0901234567", NOT_A_NUMBER),
        ("12345", NOT_A_NUMBER),
        ("not a number", NOT_A_NUMBER),
        ("", NOT_A_NUMBER),
    ],
)
def test_other_numbers_are_refused_with_the_reason(typed, message):
    with pytest.raises(InvalidPhone) as refused:
        phone_normalise(typed)
    assert refused.value.message == message


def test_numbers_are_shown_as_people_write_them():
    assert phone_display("+998901234567") == "+998 90 123 45 67"
