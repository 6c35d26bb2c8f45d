from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from participation.translit import latin_to_cyrillic


class TerritoryKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")  # the 14 first-level units, incl. Karakalpakstan and Tashkent city
    DISTRICT = "district", _("District")
    CITY = "city", _("City")
    MAHALLA = "mahalla", _("Mahalla")


class Territory(MP_Node):
    """One node of the country → region → district/city → mahalla tree.

    A materialised path (django-treebeard) makes "everything inside this district" one
    indexed prefix query and "everything above this mahalla" one query on at most four
    paths, which role checks run on every request.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=TerritoryKind.choices)
    code = models.CharField(
        _("official code"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        help_text=_("ISO 3166-2 for regions (UZ-NG), SOATO for districts, cities and mahallas."),
    )
    # Where the row came from, so re-running an import updates it instead of duplicating it.
    source_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    name_uz = models.CharField(_("name (Uzbek, Latin)"), max_length=200)
    name_uz_cyrl = models.CharField(_("name (Uzbek, Cyrillic)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_kaa = models.CharField(_("name (Karakalpak)"), max_length=200, blank=True)
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Residents, from the latest statistics; PB flags mahallas with more ballots than people."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        indexes = [
            # LIKE 'prefix%' on PostgreSQL uses a btree only with the pattern operator class.
            models.Index(fields=["path"], name="territory_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "depth"], name="territory_kind_depth"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="territory_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back the way a reader would accept.

        Uzbek Cyrillic is derived from Latin when no official spelling was loaded, and
        Karakalpak, Russian and English fall back to the official Uzbek Latin name.
        """
        language = get_language() or "uz"
        if language == "uz-cyrl":
            return self.name_uz_cyrl or latin_to_cyrillic(self.name_uz)
        fallback = {"ru": self.name_ru, "en": self.name_en, "kaa": self.name_kaa}.get(language)
        return fallback or self.name_uz

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths of this node and every node above it, nearest last."""
        return [self.path[: self.steplen * depth] for depth in range(1, self.depth + 1)]
