from django.shortcuts import render

from stegvis.organisation.access import citizen_required


@citizen_required
def home(request):
    return render(request, "portal/home.html")
