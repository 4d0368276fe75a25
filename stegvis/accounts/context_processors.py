import rules

from stegvis.accounts.training_session import is_test_patient_session
from stegvis.organisation.training import in_training


def training(request) -> dict:
    """The training environment's marks for every page (base.html): banner and switches."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"training": None}
    return {
        "training": {
            "active": in_training(user),
            # The rule alone (no query): Django's permission tables grant nothing here.
            "may_switch": rules.has_perm("organisation.use_training_mode", user),
            "test_patient_session": is_test_patient_session(request),
        }
    }
