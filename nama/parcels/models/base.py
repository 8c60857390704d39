"""Field groups shared by the registry's models: the 7-part renewal code and a stored shape."""

from __future__ import annotations

from django.db import models

from nama.core.identifiers import RenewalCode


class RenewalCoded(models.Model):
    """A record named by a renewal code, kept both formatted (the key) and in its seven parts."""

    renewal_code = models.CharField("کد نوسازی", max_length=60, unique=True)
    code_district = models.PositiveIntegerField("منطقه (کد)")
    code_region = models.PositiveIntegerField("ناحیه (کد)")
    code_block = models.PositiveIntegerField("بلوک")
    code_parcel = models.PositiveIntegerField("قطعه")
    code_building = models.PositiveIntegerField("ساختمان", default=0)
    code_apartment = models.PositiveIntegerField("آپارتمان", default=0)
    code_shop = models.PositiveIntegerField("مغازه", default=0)

    class Meta:
        abstract = True

    @property
    def code(self) -> RenewalCode:
        return RenewalCode(
            self.code_district,
            self.code_region,
            self.code_block,
            self.code_parcel,
            self.code_building,
            self.code_apartment,
            self.code_shop,
        )

    def set_code(self, code: RenewalCode) -> None:
        """Store ``code`` in the formatted key and the seven part columns."""
        self.renewal_code = str(code)
        (
            self.code_district,
            self.code_region,
            self.code_block,
            self.code_parcel,
            self.code_building,
            self.code_apartment,
            self.code_shop,
        ) = code.parts


class Shaped(models.Model):
    """A shape stored as WKB in EPSG:32639 with its bounding box (ADR 0007)."""

    geometry = models.BinaryField("هندسه (WKB، EPSG:32639)", null=True, blank=True)
    min_x = models.FloatField(null=True, blank=True)
    min_y = models.FloatField(null=True, blank=True)
    max_x = models.FloatField(null=True, blank=True)
    max_y = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True


def bbox_constraint(prefix: str) -> models.CheckConstraint:
    """A bounding box is absent together with its geometry, or ordered min ≤ max."""
    no_box = models.Q(
        min_x__isnull=True, min_y__isnull=True, max_x__isnull=True, max_y__isnull=True
    )
    ordered = models.Q(
        geometry__isnull=False, min_x__lte=models.F("max_x"), min_y__lte=models.F("max_y")
    )
    return models.CheckConstraint(
        condition=(models.Q(geometry__isnull=True) & no_box) | ordered,
        name=f"{prefix}_bbox_with_geometry",
    )
