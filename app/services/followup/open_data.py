"""The goals' follow-up as open data: indicators with their yearly values, the board goals,
and the approved periods' readings and assessments (never an open period's)."""
from app.services.followup import periods as followup_periods


def indicator(i):
    return {"id": i.id, "name": i.name, "unit": i.unit, "direction": i.direction.value,
            "baseline": {"value": i.baseline_value, "year": i.baseline_year},
            "target": {"value": i.target_value, "year": i.target_year},
            "source": i.source.value,
            "kolada": {"kpi": i.kolada_kpi, "municipality": i.kolada_municipality,
                       "fetched": i.fetched_at.isoformat() if i.fetched_at else None}
            if i.is_kolada else None,
            "values": [{"year": v.year, "value": v.value} for v in i.values]}


def goal(g):
    return {"indicators": [indicator(i) for i in g.indicators],
            "board_goals": [{"title": b.title, "board": b.board.name,
                             "indicators": [indicator(i) for i in b.indicators]}
                            for b in g.board_goals]}


def periods(process):
    return [{"kind": p.kind.value, "year": p.year, "approved": p.approved_at.isoformat(),
             "readings": [{"indicator": r.indicator_id, "value": r.value,
                           "forecast": r.forecast} for r in p.readings],
             "assessments": [{"goal": a.goal.title, "rating": a.rating.value, "text": a.text}
                             for a in p.assessments]}
            for p in followup_periods.periods_of(process, approved_only=True)]
