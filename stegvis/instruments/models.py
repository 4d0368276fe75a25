"""Stored definitions: imported or designed instruments beside the built-in library."""

from django.db import models


class StoredDefinition(models.Model):
    """One version of a questionnaire definition, kept as its checked JSON form."""

    key = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    definition = models.JSONField()
    source = models.CharField(max_length=500, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instruments_key_version"),
        ]
        ordering = ["key", "-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"
