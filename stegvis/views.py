from django.shortcuts import redirect, render


def home(request):
    """Send signed-in people to their portal; show everyone else how to sign in."""
    user = request.user
    if user.is_authenticated and user.is_care_staff:
        return redirect("clinic:start")
    if user.is_authenticated and user.is_citizen:
        return redirect("portal:home")
    return render(request, "home.html")
