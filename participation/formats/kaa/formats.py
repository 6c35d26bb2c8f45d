# Karakalpak writes dates as Uzbek does, with its own words: "7-dekabr, 2026-jıl". Without
# this module Django would use its English defaults ("Dek. 7, 2026", "1,000,000").
# The month names come from the Karakalpak strings of Django (locale_overrides/kaa.po).
DATE_FORMAT = r"j-E, Y-\j\ı\l"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = r"j-E, Y-\j\ı\l G:i"
YEAR_MONTH_FORMAT = r"F Y-\j\ı\l"
MONTH_DAY_FORMAT = "j-E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '25.10.2006'
    "%Y-%m-%d",  # '2006-10-25', what the browser's date picker sends
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
