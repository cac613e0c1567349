from django.db import models
from django.utils.translation import gettext_lazy as _


class DownloadCount(models.Model):
    """Downloads of a resource per day: a counter, never who downloaded."""

    resource = models.ForeignKey(
        "opendata.Resource", on_delete=models.CASCADE, related_name="download_counts"
    )
    day = models.DateField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "day"], name="one_count_per_day")
        ]
        verbose_name = _("download count")
        verbose_name_plural = _("download counts")

    def __str__(self) -> str:
        return f"{self.resource_id} {self.day}: {self.count}"
