from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def live(request):
    """The process is up and answers: nothing else is asked."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
