"""A provider admin imports units, staff and care assignments from an HSA export.

Two steps: the upload runs as a dry run and shows the report; "Importera" then imports the same
file, which waits in the session (compressed) under its hash, so what is imported is exactly
what was previewed.
"""

import base64
import hashlib
import zlib

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from stegvis.organisation.access import provider_permission_required
from stegvis.organisation.hsa_csv import FileRefused
from stegvis.organisation.hsa_import import import_hsa
from stegvis.security.ratelimits import rate_limited

MANAGE = "organisation.manage_units"
_SESSION_KEY = "hsa_import_file"
MAX_BYTES = 5 * 1024 * 1024


class HsaFileForm(forms.Form):
    file = forms.FileField(
        label=_lazy("HSA export (CSV)"),
        help_text=_lazy("UTF-8, ; or , between the fields, a header line. See the guide."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload.read()


def _keep(request, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    packed = base64.b64encode(zlib.compress(data)).decode("ascii")
    request.session[_SESSION_KEY] = {"hash": digest, "data": packed}
    return digest


def _kept(request, digest: str) -> bytes | None:
    kept = request.session.get(_SESSION_KEY) or {}
    if not digest or kept.get("hash") != digest:
        return None
    return zlib.decompress(base64.b64decode(kept["data"]))


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
@rate_limited("upload")
def hsa_import(request):
    form = HsaFileForm()
    context = {"form": form}
    if request.method == "POST" and "confirm" in request.POST:
        data = _kept(request, request.POST["confirm"])
        if data is None:
            messages.error(request, _("The previewed file is gone. Upload it again."))
            return redirect("clinic:hsa_import")
        report = import_hsa(actor=request.user, provider=request.provider, data=data)
        request.session.pop(_SESSION_KEY, None)
        context["report"] = report
    elif request.method == "POST":
        form = HsaFileForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            data = form.cleaned_data["file"]
            try:
                report = import_hsa(
                    actor=request.user, provider=request.provider, data=data, dry_run=True
                )
            except FileRefused as error:
                form.add_error("file", str(error))
            else:
                context.update(report=report, confirm=_keep(request, data))
    return render(request, "clinic/hsa_import.html", context)
