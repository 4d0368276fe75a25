"""What `manage.py loadscale` has generated: the run's parameters and its completed batches.

A batch's rows and its GeneratedBatch row commit in one transaction, so a run that stops
continues with the first missing batch and never writes a batch twice.
"""

from django.db import models
from django.utils import timezone


class GeneratedRun(models.Model):
    """The parameters a data set was generated with; a re-run must use the same ones."""

    seed = models.BigIntegerField(unique=True)
    providers = models.PositiveIntegerField()
    units = models.PositiveIntegerField()
    batch_size = models.PositiveIntegerField()
    anchor = models.DateTimeField(
        help_text="'Now' of the generated data: timestamps lie before it."
    )
    parameters = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"loadscale seed {self.seed}"


class GeneratedBatch(models.Model):
    """One completed batch: enrollment indexes first_index .. first_index + enrollments - 1.

    Batches are generated in index order, so the next one starts where the last one ended (a
    run asked for more enrollments later continues there).
    """

    run = models.ForeignKey(GeneratedRun, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    first_index = models.PositiveIntegerField()
    enrollments = models.PositiveIntegerField()
    rows = models.JSONField(default=dict)
    seconds = models.FloatField(default=0)
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="loadscale_one_batch_per_number")
        ]

    def __str__(self) -> str:
        return f"batch {self.number}"
