"""The shipped list of moderation reasons: the legal exclusion list of collective appeals
(law on appeals; the Mening fikrim rules) and the practical ones. Managers edit it after."""

from django.db import migrations

REASONS = [
    # code, Uzbek, Russian, English, for_flags, legal basis
    ("violence-hatred", "Zoʻravonlik yoki nafratga chaqiriq", "Призывы к насилию или ненависти",
     "Calls to violence or hatred", True, "ZRU-445, art. 9"),
    ("constitutional-order", "Konstitutsiyaviy tuzumni zoʻrlik bilan oʻzgartirishga chaqiriq",
     "Призывы к насильственному изменению конституционного строя",
     "Calls to overthrow the constitutional order by force", True, "ZRU-445, art. 9"),
    ("honour-dignity", "Shaxsning sha'ni va qadr-qimmatini haqorat qilish", "Оскорбление чести и достоинства",
     "Insults to a person's honour and dignity", True, "ZRU-445, art. 9"),
    ("personal-data", "Boshqa shaxslarning shaxsiy ma'lumotlari", "Персональные данные других лиц",
     "Personal data of other people", True, "ZRU-547"),
    ("obscene", "Odobsiz yoki haqoratli til", "Нецензурная или оскорбительная лексика",
     "Obscene or abusive language", True, ""),
    ("duplicate", "Takroriy: bunday murojaat allaqachon bor", "Дубликат: такое обращение уже есть",
     "Duplicate: the same request already exists", True, ""),
    ("not-competence", "Hokimlik vakolatiga kirmaydi", "Не входит в компетенцию хокимията",
     "Not within the khokimiyat's competence", False, ""),
    ("unclear", "Mazmuni tushunarsiz, aniq taklif yoʻq", "Непонятное содержание, нет конкретного предложения",
     "Unclear, no concrete request", False, ""),
    ("commercial-spam", "Reklama yoki spam", "Реклама или спам", "Advertising or spam", True, ""),
    ("other-law", "Qonunga boshqa zid mazmun", "Иное противоречащее закону содержание",
     "Other unlawful content", True, ""),
]


def create(apps, schema_editor):
    ReasonCode = apps.get_model("participation", "ReasonCode")
    for position, (code, uz, ru, en, for_flags, basis) in enumerate(REASONS):
        ReasonCode.objects.update_or_create(
            code=code,
            defaults={"label_uz": uz, "label_ru": ru, "label_en": en, "for_flags": for_flags,
                      "legal_basis": basis, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("participation", "0002_moderation")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
