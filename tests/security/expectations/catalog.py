"""The provider's catalog: releases, activation on units, withdrawal, program files, agreements.

Ground truth: tests/catalog/test_catalog_authorization.py. Only the provider's admins; another
provider's release is "not found". No citizen data on any of these pages.
"""

from django.urls import reverse

from tests.portal.fixtures import make_release
from tests.security.matrix import NOT_ALLOWED, NOT_FOUND, Entry, cells

ADMIN = {"provider_admin"}


def build(sw):
    # A release of another provider that was never made available to ours.
    sw.foreign_release = make_release(sw.other_provider, sw.foreign_unit)


def _page(name, *, args=(), post_data=None, label="", admin=None):
    admin_outcome = admin or "ok"
    return Entry(
        f"clinic:{name}",
        lambda sw: reverse(f"clinic:{name}", args=[a(sw) for a in args]),
        get=cells(provider_admin=admin_outcome),
        post=cells(provider_admin=admin_outcome) if post_data else None,
        post_data=post_data,
        label=label,
    )


def _post_only(name, *, args, data, admin="ok", label=""):
    return Entry(
        f"clinic:{name}",
        lambda sw: reverse(f"clinic:{name}", args=[a(sw) for a in args]),
        get=cells(provider_admin=NOT_ALLOWED),
        post=cells(provider_admin=admin),
        post_data=data,
        label=label,
    )


def release(sw):
    return sw.release.pk


def foreign(sw):
    return sw.foreign_release.pk


ENTRIES = [
    _page("catalog"),
    _page("catalog_import", post_data=lambda sw: {}),
    _page("catalog_release", args=[release]),
    _page("catalog_release", args=[foreign], admin=NOT_FOUND, label="another provider's"),
    _post_only("catalog_activate", args=[release], data=lambda sw: {"unit": sw.other_unit.pk}),
    _post_only(
        "catalog_activate",
        args=[foreign],
        data=lambda sw: {"unit": sw.unit.pk},
        admin=NOT_FOUND,
        label="another provider's",
    ),
    _post_only("catalog_deactivate", args=[release], data=lambda sw: {"unit": sw.unit.pk}),
    _page("catalog_withdraw", args=[release], post_data=lambda sw: {"reason": "Test"}),
    _page("catalog_withdraw", args=[foreign], admin=NOT_FOUND, label="another provider's"),
    _page("catalog_export", args=[release]),
    _page("catalog_export", args=[foreign], admin=NOT_FOUND, label="another provider's"),
    _page("catalog_agreements"),
    _page("catalog_agreement_create", post_data=lambda sw: {}),
    _page(
        "catalog_agreement_edit",
        args=[lambda sw: sw.agreement.pk],
        post_data=lambda sw: {},
    ),
]
