"""The audit log as moderators read it: filtered, paged, and as CSV."""
from flask import Response, render_template, request
from sqlalchemy import select

from app.extensions import db
from app.lookups import date_arg, int_arg
from app.models import Process
from app.moderation.views import bp, moderate
from app.services import audit


def _log_filters():
    return audit.LogFilters(
        actor=int_arg("vem"), action=request.args.get("handling", "")[:60],
        process=int_arg("process"), since=date_arg("fran"), until=date_arg("till"),
        page=int_arg("sida") or 1)


@bp.route("/logg")
@moderate
def audit_log():
    filters = _log_filters()
    rows, total = audit.entries(filters)
    return render_template(
        "moderation/audit_log.html", rows=rows, total=total, filters=filters,
        args=audit.filter_args(filters),
        pages=max(1, -(-total // audit.PER_PAGE)), actions=audit.actions(),
        actors=audit.actors(),
        processes=db.session.scalars(select(Process).order_by(Process.title)).all())


@bp.route("/logg.csv")
@moderate
def audit_csv():
    return Response(audit.as_csv(_log_filters()), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=granskningslogg.csv"})
