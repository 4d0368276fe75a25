"""Where sign-in lands: the apps with a start page say whom it is for (a registry).

Accounts sits below the design tool and the portals and must not name them; each registers a
rule in its AppConfig.ready with an explicit precedence (lower first). The first rule that
answers with a URL wins; nobody answering leaves allauth's default.
"""

from collections.abc import Callable

# user -> the URL they land on, or None when the start page is not for them.
Landing = Callable[[object], str | None]

# The precedence the apps register with: staff with only design roles go to the design tool
# before the clinic would take them as care staff; citizens go to the portal.
DESIGN_TOOL = 10
CLINIC = 20
PORTAL = 30

_rules: dict[int, Landing] = {}


def register(precedence: int, landing: Landing) -> None:
    if _rules.get(precedence, landing) is not landing:
        raise ValueError(f"Two landing rules with precedence {precedence}")
    _rules[precedence] = landing


def landing_url(user) -> str | None:
    """The start page of the first registered rule that takes `user`, else None."""
    if not user.is_authenticated:
        return None
    for precedence in sorted(_rules):
        url = _rules[precedence](user)
        if url:
            return url
    return None
