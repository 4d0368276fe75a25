from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

ROWS = [{"number": n, "label": f"Rad {n}"} for n in range(1, 11)]


def page(request: HttpRequest) -> HttpResponse:
    """Render the small template: a title and a ten-row list, like a tiny Stegvis page."""
    return render(request, "floor/page.html", {"title": "Golvet", "rows": ROWS})


urlpatterns = [path("", page, name="floor")]
