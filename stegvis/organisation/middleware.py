from django.utils.functional import SimpleLazyObject

from stegvis.organisation import training, workplace


class ActiveUnitMiddleware:
    """Attach `request.workplace` (lazily): the unit or provider a staff member acts from, and
    the session's training mode to the staff member (organisation/training.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.user.is_care_staff:
            training.attach_mode(request.user, request.session)
            request.workplace = SimpleLazyObject(lambda: workplace.resolve(request) or _NONE)
        else:
            request.workplace = _NONE
        return self.get_response(request)


class _NoWorkplace:
    unit = None
    provider = None
    key = ""
    label = ""

    def __bool__(self) -> bool:
        return False


_NONE = _NoWorkplace()
