"""The Open Budget categories, so a first cycle can be created without typing them in."""

from django.db import migrations

CATEGORIES = [
    ("roads", "Ichki yoʻllar", "Внутренние дороги", "Internal roads"),
    ("schools", "Maktablar", "Школы", "Schools"),
    ("kindergartens", "Bolalar bogʻchalari", "Детские сады", "Kindergartens"),
    ("clinics", "Tibbiyot muassasalari", "Медицинские учреждения", "Clinics"),
    ("drinking-water", "Ichimlik suvi", "Питьевая вода", "Drinking water"),
    ("sewerage", "Kanalizatsiya", "Канализация", "Sewerage"),
    ("electricity", "Elektr taʼminoti", "Электроснабжение", "Electricity"),
    ("landscaping", "Obodonlashtirish", "Благоустройство", "Landscaping"),
    ("playgrounds", "Bolalar maydonchalari", "Детские площадки", "Playgrounds"),
]


def add_categories(apps, schema_editor):
    PBCategory = apps.get_model("proposals", "PBCategory")
    for position, (slug, uz, ru, en) in enumerate(CATEGORIES):
        PBCategory.objects.update_or_create(
            slug=slug, defaults={"name_uz": uz, "name_ru": ru, "name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_participatory_budgeting")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
