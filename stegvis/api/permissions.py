"""Who may manage the provider's API clients: the provider admin, nobody else.

The API's own callers are not users with rules: their tokens' scopes and the client's provider
and units decide (stegvis/api/auth.py).
"""

import rules

from stegvis.organisation.permissions import is_care_staff, is_provider_admin

rules.add_perm("api.manage_clients", is_care_staff & is_provider_admin)


def may_see_export(client, job) -> bool:
    """A `$export` job, its status and its files are for the client that asked, nobody else."""
    return job.client_id == client.pk
