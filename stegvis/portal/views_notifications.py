"""The citizen's notification settings: addresses verified by a code, and chosen channels."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.language import content_language
from stegvis.notifications import services
from stegvis.notifications.forms import ChannelsForm, CodeForm, EmailAddressForm, PhoneForm
from stegvis.notifications.models import Channel
from stegvis.organisation.access import citizen_required

CODE_MESSAGES = {
    services.CodeResult.WRONG: gettext_lazy("The code is wrong. Check it and try again."),
    services.CodeResult.EXPIRED: gettext_lazy("The code has expired. Ask for a new code."),
    services.CodeResult.LOCKED: gettext_lazy("Too many wrong tries. Ask for a new code."),
    services.CodeResult.MISSING: gettext_lazy("There is no code to check. Ask for a new code."),
    services.CodeResult.UNAVAILABLE: gettext_lazy(
        "This address cannot be used. Enter another address."
    ),
}
REFUSALS = {
    "too_many_codes": (
        gettext_lazy("You have asked for many codes. Wait an hour and try again."),
        429,
    ),
    # The same words whoever the address belongs to: the page never says whose it is.
    "address_unavailable": (CODE_MESSAGES[services.CodeResult.UNAVAILABLE], 400),
}


def _page(request, *, email_form=None, phone_form=None, channels_form=None, status=200):
    preference = services.preference_for(request.user)
    context = {
        "preference": preference,
        "email_form": email_form
        or EmailAddressForm(initial={"email": preference.email or request.user.email}),
        "phone_form": phone_form or PhoneForm(initial={"phone": preference.phone}),
        "channels_form": channels_form
        or ChannelsForm(initial={"use_email": preference.use_email, "use_sms": preference.use_sms}),
        "email_verified": bool(preference.address_for(Channel.EMAIL)),
        "phone_verified": bool(preference.address_for(Channel.SMS)),
    }
    return render(request, "notifications/portal/settings.html", context, status=status)


@citizen_required
def settings_page(request):
    """Show the settings; POST saves channels or sends a code to a new address."""
    if request.method != "POST":
        return _page(request)
    action = request.POST.get("action")
    if action == "channels":
        form = ChannelsForm(request.POST)
        form.is_valid()
        chosen = form.cleaned_data
        preference = services.choose_channels(
            user=request.user,
            use_email=chosen.get("use_email", False),
            use_sms=chosen.get("use_sms", False),
            # Texts go out in the language the citizen uses the portal in.
            language=content_language(request.LANGUAGE_CODE),
        )
        if (chosen.get("use_email") and not preference.use_email) or (
            chosen.get("use_sms") and not preference.use_sms
        ):
            form.add_error(None, _("Verify an address before you choose it."))
            return _page(request, channels_form=form, status=400)
        messages.success(request, _("Your choices were saved."))
        return redirect("portal:notification_settings")
    if action in ("email", "phone"):
        form = EmailAddressForm(request.POST) if action == "email" else PhoneForm(request.POST)
        if not form.is_valid():
            key = "email_form" if action == "email" else "phone_form"
            return _page(request, **{key: form}, status=400)
        channel = Channel.EMAIL if action == "email" else Channel.SMS
        address = form.cleaned_data["email" if action == "email" else "phone"]
        try:
            services.send_verification_code(user=request.user, channel=channel, address=address)
        except services.VerificationRefused as refused:
            message, status = REFUSALS[refused.reason]
            form.add_error(None, message)
            key = "email_form" if action == "email" else "phone_form"
            return _page(request, **{key: form}, status=status)
        return redirect("portal:notification_verify_" + channel)
    return _page(request, status=400)


def _verify(request, channel: str):
    address = services.pending_address(request.user, channel)
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = services.check_verification_code(
            user=request.user, channel=channel, code=form.cleaned_data["code"]
        )
        if result == services.CodeResult.OK:
            messages.success(request, _("The address is verified. Now choose how to be told."))
            return redirect("portal:notification_settings")
        form.add_error("code", CODE_MESSAGES[result])
        status = 400
    elif request.method == "POST":
        status = 400
    context = {"form": form, "channel": channel, "address": address}
    return render(request, "notifications/portal/verify.html", context, status=status)


@citizen_required
def verify_email(request):
    return _verify(request, Channel.EMAIL)


@citizen_required
def verify_sms(request):
    return _verify(request, Channel.SMS)
