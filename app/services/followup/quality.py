"""The quality check KSAU sees beside each draft goal: advice, never a block. It asks what
the plan asks of the new goals: an effect for residents rather than an activity, at least
one indicator with a baseline and a target, a tie to Agenda 2030, input behind it, and 4–5
goals in all."""
import re
from dataclasses import dataclass

from app.i18n import lazy_gettext as _l

# Words that describe what the organisation will do, not what residents will notice.
ACTIVITY_WORDS = ("genomföra", "genomför", "ta fram", "tar fram", "införa",
                  "arbeta för", "arbetar för", "arbeta med", "utreda", "utveckla",
                  "implementera", "starta", "skapa en plan", "upprätta")
GOALS_WANTED = (4, 5)


@dataclass(frozen=True)
class Point:
    ok: bool
    text: str


def activity_words(text):
    """The activity words in `text`, as written there (case-insensitive, whole words)."""
    lowered = f" {(text or '').lower()} "
    return [word.strip() for word in ACTIVITY_WORDS
            if re.search(r"(?<!\w)" + re.escape(word.strip()) + r"(?!\w)", lowered)]


def check(goal, *, goals_in_process, input_behind):
    """The points of advice for `goal`, each met or not."""
    words = activity_words(f"{goal.title} {goal.description}")
    measured = [i for i in goal.indicators
                if i.baseline_value is not None and i.target_value is not None]
    low, high = GOALS_WANTED
    return [
        Point(not words, _l("Phrased as an effect for residents.") if not words else
              _l("Phrased as an activity (%(words)s): say what residents will notice "
                 "instead.", words=", ".join(f"”{w}”" for w in words))),
        Point(bool(measured), _l("%(count)d indicator(s) with a baseline and a target.",
                                 count=len(measured)) if measured else
              _l("No indicator with a baseline and a target yet.")),
        Point(bool(goal.sdg_goals), _l("Tied to Agenda 2030: goal %(numbers)s.",
                                       numbers=", ".join(str(g.number) for g in goal.sdg_goals))
              if goal.sdg_goals else _l("Not tied to any Agenda 2030 goal.")),
        Point(input_behind > 0, _l("%(count)d published proposals stand behind it.",
                                   count=input_behind) if input_behind else
              _l("No published proposal stands behind it.")),
        Point(low <= goals_in_process <= high,
              _l("%(count)d goals in all, as planned (%(low)d–%(high)d).",
                 count=goals_in_process, low=low, high=high)
              if low <= goals_in_process <= high else
              _l("%(count)d goals in all; the plan is %(low)d–%(high)d.",
                 count=goals_in_process, low=low, high=high)),
    ]


def all_clear(points):
    return all(point.ok for point in points)


def check_goals(process, goals):
    """{goal id: points} for each of the process's goals (one count of the input each)."""
    from app.services.goals import evidence_count
    return {goal.id: check(goal, goals_in_process=len(goals), input_behind=evidence_count(goal))
            for goal in goals}
