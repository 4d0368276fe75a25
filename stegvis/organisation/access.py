"""View guards that combine "who is this" with "may they do it here" (deny by default)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from stegvis.organisation.permissions import is_active_citizen


def _staff_gate(request):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user.is_active or not user.is_care_staff:
        raise PermissionDenied
    return None


def staff_required(view):
    """Any signed-in member of staff (with MFA, enforced by middleware)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return _staff_gate(request) or view(request, *args, **kwargs)

    return wrapped


def unit_permission_required(perm: str):
    """Staff acting from a unit where `perm` holds; sets `request.unit`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if response := _staff_gate(request):
                return response
            unit = request.workplace.unit
            if unit is None:
                return redirect("clinic:workplace")
            if not request.user.has_perm(perm, unit):
                raise PermissionDenied
            request.unit = unit
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def provider_permission_required(perm: str):
    """Staff acting for a provider where `perm` holds; sets `request.provider`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if response := _staff_gate(request):
                return response
            provider = request.workplace.provider
            if provider is None or not request.user.has_perm(perm, provider):
                if provider is None:
                    return redirect("clinic:workplace")
                raise PermissionDenied
            request.provider = provider
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def system_permission_required(perm: str):
    """Staff for whom `perm` holds on the instance as a whole (the system administrator)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if response := _staff_gate(request):
                return response
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def citizen_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_active_citizen(user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
