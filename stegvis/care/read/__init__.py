"""One read model of an enrollment, presented by both the staff pages (Hantera) and the
citizen's pages (home, program, plan, steps).

- `modules`: module states, completed steps, the modules as the reader sees them, progress.
- `upcoming`: the work the release's rules have scheduled (module openings, questionnaires)
  and the questionnaires due now.
- `steps`: the citizen's saved answers, responses, feedback and diary entries on one step.
- `overview`: everything Hantera shows (imported as a module: `read.overview.build`).
- `summaries`: the citizen's enrollments with progress, and their due questionnaires.

Everything is read in a fixed number of queries whatever the amount of data, and labelled from
the enrollment's pinned release document (through its typed methods). Pages only word it.
"""

from stegvis.care.read.modules import (
    ModuleStates,
    ModuleView,
    Progress,
    load_states,
    module_states,
    opening_day,
)
from stegvis.care.read.steps import StepState, load_step_state
from stegvis.care.read.summaries import DueQuestionnaire, EnrollmentSummary, citizen_home
from stegvis.care.read.upcoming import UpcomingWork, due_responses, upcoming_work

__all__ = [
    "DueQuestionnaire",
    "EnrollmentSummary",
    "ModuleStates",
    "ModuleView",
    "Progress",
    "StepState",
    "UpcomingWork",
    "citizen_home",
    "due_responses",
    "load_states",
    "load_step_state",
    "module_states",
    "opening_day",
    "upcoming_work",
]
