"""Wagtail's account page without the panels for what the organisation owns.

Staff names come from the organisation's catalogue (HSA) and e-mail, password and second factor
are managed through allauth, so only Wagtail's own preferences (language, time zone, theme,
notifications, picture) stay. Wagtail has a hook to add panels but none to remove its built-in
ones, so the page is this subclass, mounted at Wagtail's own URL (stegvis/design/urls.py).
"""

from wagtail.admin.views.account import AccountView

# Wagtail's panel names: "name_email" (first and last name, e-mail) and "password".
ORGANISATION_OWNED_PANELS = frozenset({"name_email", "password"})


class DesignAccountView(AccountView):
    def get_panels(self):
        return [
            panel for panel in super().get_panels() if panel.name not in ORGANISATION_OWNED_PANELS
        ]
