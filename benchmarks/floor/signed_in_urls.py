from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from benchmarks.floor.urls import ROWS


@login_required
def page(request: HttpRequest) -> HttpResponse:
    """The floor's template for the signed-in user: their session and user row read."""
    title = f"Golvet, {request.user.get_username()}"
    return render(request, "floor/page.html", {"title": title, "rows": ROWS})


urlpatterns = [path("", page, name="signed_in_floor")]
