"""The boards and companies (nämnder, bolag) and their own goals, each serving one
overarching goal, with 1–3 indicators of its own."""
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import Board, BoardGoal, BoardKind, Goal, Indicator, PeriodReading
from app.permissions import Permission, require
from app.services import audit, locking
from app.services.errors import DomainError, flush_or_raise
from app.services.followup import indicators


def boards(active_only=False):
    query = select(Board).order_by(Board.name)
    if active_only:
        query = query.where(Board.active.is_(True))
    return db.session.scalars(query).all()


def add_board(actor, *, name, kind):
    require(actor, Permission.MANAGE_PROCESSES)
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 120:
        raise DomainError(_l("Name the board or company in 2–120 characters."), "name")
    try:
        kind = BoardKind(kind)
    except ValueError:
        raise DomainError(_l("Choose board or company."), "kind")
    board = Board(name=name, kind=kind)
    db.session.add(board)
    flush_or_raise(DomainError(_l("There is already a board or company by that name."), "name"))
    audit.record(actor, "board.create", board, after={"name": name, "kind": kind})
    db.session.commit()
    return board


def set_active(actor, board, active):
    """A board that no longer exists is set aside: its goals stay, no new one is given it."""
    require(actor, Permission.MANAGE_PROCESSES)
    if board.active != bool(active):
        audit.record(actor, "board.update", board, before={"active": board.active},
                     after={"active": bool(active)})
        board.active = bool(active)
    db.session.commit()


def add_board_goal(actor, goal, *, board_id, title, indicator):
    """A board goal under `goal`, with its first indicator: it never exists without one."""
    require(actor, Permission.MANAGE_PROCESSES)
    board = db.session.get(Board, board_id) if board_id else None
    if board is None or not board.active:
        raise DomainError(_l("Choose the responsible board or company."), "board_id")
    title = _title(title)
    board_goal = BoardGoal(goal_id=goal.id, board_id=board.id, title=title)
    db.session.add(board_goal)
    indicators.build_for_board_goal(board_goal, indicator)
    audit.record(actor, "boardgoal.create", board_goal, process_id=goal.process_id,
                 after={"title": title, "board": board.name, "goal": goal.title})
    db.session.commit()
    return board_goal


def update_board_goal(actor, board_goal, *, board_id, title):
    """Its wording or its responsible board; a board set aside may stay, not be chosen."""
    require(actor, Permission.MANAGE_PROCESSES)
    board = db.session.get(Board, board_id) if board_id else None
    if board is None or not (board.active or board.id == board_goal.board_id):
        raise DomainError(_l("Choose the responsible board or company."), "board_id")
    title = _title(title)
    before = {"title": board_goal.title, "board": board_goal.board.name}
    board_goal.title, board_goal.board = title, board
    after = {"title": title, "board": board.name}
    if after != before:
        audit.record(actor, "boardgoal.update", board_goal,
                     process_id=board_goal.goal.process_id, before=before, after=after)
    db.session.commit()


def remove_board_goal(actor, board_goal):
    """A board goal added by mistake, with its indicators, while nothing has been followed
    up on them: once a period has readings of them, the record stays. The indicators are
    locked first, so a reading recorded at the same moment either is seen here or finds no
    indicator to belong to; it is never deleted with them."""
    require(actor, Permission.MANAGE_PROCESSES)
    ids = locking.lock(Indicator, Indicator.board_goal_id == board_goal.id)
    if ids and db.session.scalar(select(func.count()).select_from(PeriodReading).where(
            PeriodReading.indicator_id.in_(ids))):
        raise DomainError(_l("Its indicators have been followed up in a period, so the board "
                             "goal stays as part of the record."))
    audit.record(actor, "boardgoal.delete", board_goal, process_id=board_goal.goal.process_id,
                 before={"title": board_goal.title, "board": board_goal.board.name,
                         "indicators": len(ids)})
    db.session.delete(board_goal)
    db.session.commit()


def _title(title):
    title = " ".join((title or "").split())
    if not 5 <= len(title) <= 200:
        raise DomainError(_l("Write a board goal of 5–200 characters."), "title")
    return title


def board_goals_of(process):
    return db.session.scalars(
        select(BoardGoal).join(Goal).where(Goal.process_id == process.id)
        .order_by(Goal.position, Goal.id, BoardGoal.id)).all()


def concentration(process):
    """The overarching goal that gathers most of the board goals, as (goal, count, total);
    None when none does (the seed's "one third pointed to one and the same goal" was the
    warning sign: more than half is a warning here)."""
    rows = db.session.execute(
        select(Goal, func.count(BoardGoal.id)).join(BoardGoal, BoardGoal.goal_id == Goal.id)
        .where(Goal.process_id == process.id).group_by(Goal.id)
        .order_by(func.count(BoardGoal.id).desc(), Goal.id)).all()
    total = sum(count for _goal, count in rows)
    if total >= 3 and rows and rows[0][1] * 2 > total:
        return rows[0][0], rows[0][1], total
    return None
