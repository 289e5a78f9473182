"""What the public progress page of a goal shows: its indicators with their yearly values,
the assessments of the approved periods, the board goals serving it and the proposals
behind it. Nothing of a period before it is approved."""
from dataclasses import dataclass, field

from app.models import FollowUpPeriod, Goal
from app.services.followup import periods


@dataclass
class Assessed:
    period: FollowUpPeriod
    rating: object = None
    text: str = ""
    readings: list = field(default_factory=list)   # (indicator, value, forecast)


def public_goal(goal):
    """The goal if residents may follow it up: published results, proposed or decided."""
    if goal is None or not goal.is_public or goal.process.results_published_at is None:
        return None
    return goal


def assessments(goal):
    """Per approved period, the goal's assessment and its indicators' readings."""
    own = {i.id for i in goal.indicators}
    result = []
    for period in periods.periods_of(goal.process, approved_only=True):
        item = Assessed(period)
        for assessment in period.assessments:
            if assessment.goal_id == goal.id:
                item.rating, item.text = assessment.rating, assessment.text
        item.readings = [(r.indicator, r.value, r.forecast) for r in period.readings
                         if r.indicator_id in own]
        item.readings.sort(key=lambda reading: reading[0].id)
        result.append(item)
    return result


def summary(goal: Goal):
    return {"goal": goal, "assessments": assessments(goal), "board_goals": goal.board_goals,
            "proposals": goal.public_proposals}
