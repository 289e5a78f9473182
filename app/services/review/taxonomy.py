"""The moderators' taxonomy for a process: keywords with their meaning ("innebörd") and the
strategy themes that group them. Created, renamed, merged and archived, never deleted:
proposals and the audit log keep pointing at them. Each function is one unit of work."""
from sqlalchemy import delete, exists, func, insert, literal, select, update
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.i18n import AT_MOST_CHARACTERS, filled_in
from app.i18n import lazy_gettext as _l
from app.models import (Keyword, Proposal, Quote, SdgGoal, TextVersion, Theme, proposal_keywords,
                        proposal_themes)
from app.models.base import utcnow
from app.permissions import Permission, require
from app.services import audit, locking
from app.services.errors import DomainError, commit_or_raise, flush_or_raise

NAME_LENGTH = (2, 80)
KEYWORD_TAKEN = _l("This process already has a keyword with that name.")
THEME_TAKEN = _l("This process already has a theme with that name.")


def keywords_of(process, *, archived=False):
    """The process's keywords by name. (A keyword's theme costs no query once the themes
    are loaded: the session already holds it.)"""
    query = select(Keyword).where(Keyword.process_id == process.id).order_by(Keyword.name)
    if not archived:
        query = query.where(Keyword.archived_at.is_(None))
    return db.session.scalars(query).all()


def themes_of(process, *, archived=False, details=False):
    """The process's themes by name; with `details`, their goals and keywords too."""
    query = select(Theme).where(Theme.process_id == process.id).order_by(Theme.name)
    if not archived:
        query = query.where(Theme.archived_at.is_(None))
    if details:
        query = query.options(selectinload(Theme.sdg_goals), selectinload(Theme.keywords))
    return db.session.scalars(query).all()


def sdg_goals():
    return db.session.scalars(select(SdgGoal).order_by(SdgGoal.number)).all()


def proposal_counts(table, column, process):
    """How many proposals carry each tag of `process`: {tag id: count}, in one query."""
    rows = db.session.execute(
        select(column, func.count()).select_from(table)
        .join(Proposal, Proposal.id == table.c.proposal_id)
        .where(Proposal.process_id == process.id).group_by(column)).all()
    return dict(rows)


def keyword_counts(process):
    return proposal_counts(proposal_keywords, proposal_keywords.c.keyword_id, process)


def theme_counts(process):
    return proposal_counts(proposal_themes, proposal_themes.c.theme_id, process)


def _name(value):
    name = " ".join((value or "").split())
    low, high = NAME_LENGTH
    if not low <= len(name) <= high:
        raise DomainError(_l("Write a name of %(low)d–%(high)d characters.", low=low, high=high),
                          "name")
    return name


def _refuse_name_clash(model, process, name, item, message):
    """Names are compared case-folded in Python: SQLite's lower() knows only ASCII, and
    "Översvämning" and "översvämning" are one keyword. A process has tens of them."""
    for id_, other in db.session.execute(select(model.id, model.name).where(
            model.process_id == process.id)):
        if other.casefold() == name.casefold() and (item is None or id_ != item.id):
            raise DomainError(message, "name")


KEYWORD_FIELDS = ("name", "meaning", "theme")
THEME_FIELDS = ("name", "description", "sdg_goals")


def save_keyword(actor, process, *, name, meaning, theme_id=None, keyword=None):
    keyword = stage_keyword(actor, process, name=name, meaning=meaning, theme_id=theme_id,
                            keyword=keyword)
    commit_or_raise(DomainError(KEYWORD_TAKEN, "name"))
    return keyword


def stage_keyword(actor, process, *, name, meaning, theme_id=None, keyword=None):
    """Create or change a keyword within the caller's unit of work (not committed)."""
    require(actor, Permission.MODERATE)
    name = _name(name)
    _refuse_name_clash(Keyword, process, name, keyword, KEYWORD_TAKEN)
    theme = None
    if theme_id:
        theme = db.session.get(Theme, theme_id)
        if theme is None or theme.process_id != process.id:
            raise DomainError(_l("Choose one of this process's themes."), "theme_id")
    before = audit.snapshot(keyword, *KEYWORD_FIELDS) if keyword else None
    keyword = keyword or Keyword(process_id=process.id)
    meaning = (meaning or "").strip()
    changed_meaning = meaning != (keyword.meaning or "")
    keyword.name, keyword.meaning, keyword.theme = name, meaning, theme
    db.session.add(keyword)
    # The same name saved at the same moment by another moderator: the database says so.
    flush_or_raise(DomainError(KEYWORD_TAKEN, "name"))
    if changed_meaning:
        _keep_version(actor, keyword, meaning)
    audit.record(actor, "keyword.update" if before else "keyword.create", keyword,
                 before=before, after=audit.snapshot(keyword, *KEYWORD_FIELDS))
    return keyword


def save_theme(actor, process, *, name, description, sdg_numbers=(), theme=None):
    require(actor, Permission.MODERATE)
    name = _name(name)
    _refuse_name_clash(Theme, process, name, theme, THEME_TAKEN)
    goals = db.session.scalars(select(SdgGoal).where(SdgGoal.number.in_(sdg_numbers))).all()
    if len(goals) != len(set(sdg_numbers)):
        raise DomainError(_l("Choose among the 17 Agenda 2030 goals."), "sdg_goals")
    before = audit.snapshot(theme, *THEME_FIELDS) if theme else None
    theme = theme or Theme(process_id=process.id)
    theme.name, theme.description = name, (description or "").strip()
    theme.sdg_goals = sorted(goals, key=lambda g: g.number)
    db.session.add(theme)
    flush_or_raise(DomainError(THEME_TAKEN, "name"))
    audit.record(actor, "theme.update" if before else "theme.create", theme,
                 before=before and {**before, "sdg_goals": [g.number for g in before["sdg_goals"]]},
                 after={**audit.snapshot(theme, "name", "description"),
                        "sdg_goals": [g.number for g in theme.sdg_goals]})
    commit_or_raise(DomainError(THEME_TAKEN, "name"))
    return theme


def save_synthesis(actor, theme, body):
    """The moderators' synthesis of a theme for KSAU; the earlier versions stay."""
    require(actor, Permission.MODERATE)
    body = (body or "").strip()
    if len(body) > SYNTHESIS_LENGTH:
        raise DomainError(filled_in(AT_MOST_CHARACTERS, max=SYNTHESIS_LENGTH), "body")
    if body == theme.synthesis:
        return theme
    before = theme.synthesis
    theme.synthesis = body
    _keep_version(actor, theme, body)
    audit.record(actor, "theme.synthesis", theme, before={"synthesis": before},
                 after={"synthesis": body})
    db.session.commit()
    return theme


SYNTHESIS_LENGTH = 10_000


def _keep_version(actor, item, body):
    db.session.flush()
    db.session.add(TextVersion(target_type=type(item).__name__.lower(), target_id=item.id,
                               body=body, author_id=actor.id,
                               author_name=actor.display_name or f"#{actor.id}"))


def versions(item):
    """Every saved version of a keyword's meaning or a theme's synthesis, newest first."""
    return db.session.scalars(select(TextVersion).where(
        TextVersion.target_type == type(item).__name__.lower(),
        TextVersion.target_id == item.id).order_by(TextVersion.id.desc())).all()


QUOTE_LENGTH = 600


def pick_quote(actor, proposal, *, theme_id, text):
    """Words from a proposal that show what a theme is about, for KSAU (not from one merged
    into another: the summary counts the one it went into)."""
    require(actor, Permission.MODERATE)
    if proposal.merged_into_id is not None:
        raise DomainError(_l("%(reference)s is already merged into %(target)s.",
                             reference=proposal.reference,
                             target=proposal.merged_into.reference), "text")
    theme = db.session.get(Theme, theme_id or 0)
    if theme is None or theme not in proposal.themes:
        raise DomainError(_l("Choose one of the proposal's themes."), "theme_id")
    text = " ".join((text or "").split())
    if not text:
        raise DomainError(_l("Write the words to quote."), "text")
    if len(text) > QUOTE_LENGTH:
        raise DomainError(filled_in(AT_MOST_CHARACTERS, max=QUOTE_LENGTH), "text")
    quote = Quote(theme_id=theme.id, proposal_id=proposal.id, text=text, picked_by_id=actor.id)
    db.session.add(quote)
    audit.record(actor, "proposal.quote", proposal, after={"theme": theme.name, "text": text})
    db.session.commit()
    return quote


def set_archived(actor, item, archived):
    """Archive a keyword or theme (no longer offered for tagging; its tags stay), or bring
    it back."""
    require(actor, Permission.MODERATE)
    locking.hold(item)  # merged meanwhile: it stays archived
    if item.merged_into_id:
        raise DomainError(_l("A merged keyword or theme cannot be brought back."))
    kind = type(item).__name__.lower()
    before = item.archived_at
    item.archived_at = (item.archived_at or utcnow()) if archived else None
    audit.record(actor, f"{kind}.{'archive' if archived else 'unarchive'}", item,
                 before={"archived_at": before}, after={"archived_at": item.archived_at})
    db.session.commit()


def merge_keywords(actor, source, target):
    """Every proposal tagged with `source` gets `target` instead; `source` is archived and
    remembers where it went."""
    require(actor, Permission.MODERATE)
    _check_merge(Keyword, source, target)
    tagged = _merge_tags(proposal_keywords, proposal_keywords.c.keyword_id, source, target)
    if target.theme_id:  # a keyword's theme comes with it
        _add_theme_where_tagged(target)
    source.merged_into_id, source.archived_at = target.id, utcnow()
    audit.record(actor, "keyword.merge", source, after={"into": target.name, "proposals": tagged})
    db.session.commit()
    return tagged


def merge_themes(actor, source, target):
    """As for keywords; the source theme's keywords move to the target theme."""
    require(actor, Permission.MODERATE)
    _check_merge(Theme, source, target)
    # The theme's keywords are locked before any proposal, as tagging locks them (shared)
    # before its proposal: taken the other way round, the two waited on each other.
    locking.lock(Keyword, Keyword.theme_id == source.id)
    tagged = _merge_tags(proposal_themes, proposal_themes.c.theme_id, source, target)
    db.session.execute(update(Keyword).where(Keyword.theme_id == source.id)
                       .values(theme_id=target.id))
    source.merged_into_id, source.archived_at = target.id, utcnow()
    audit.record(actor, "theme.merge", source, after={"into": target.name, "proposals": tagged})
    db.session.commit()
    return tagged


def _check_merge(model, source, target):
    if target is None or target.process_id != source.process_id:
        raise DomainError(_l("Choose one of this process's keywords or themes."), "target")
    if target.id == source.id:
        raise DomainError(_l("Choose another one to merge into: not itself."), "target")
    # Both rows locked and read again: two moderators merging A into B and B into A at
    # once cannot both succeed.
    locking.lock(model, model.id.in_((source.id, target.id)))
    db.session.refresh(source)
    db.session.refresh(target)
    if target.is_archived or source.is_archived:
        raise DomainError(_l("Archived keywords and themes cannot be merged."), "target")


def _add_theme_where_tagged(keyword):
    """Every proposal tagged with `keyword` also carries its theme."""
    tagged = select(proposal_keywords.c.proposal_id).where(
        proposal_keywords.c.keyword_id == keyword.id)
    missing = tagged.where(~exists().where(
        proposal_themes.c.proposal_id == proposal_keywords.c.proposal_id,
        proposal_themes.c.theme_id == keyword.theme_id))
    db.session.execute(insert(proposal_themes).from_select(
        ["proposal_id", "theme_id"], missing.add_columns(literal(keyword.theme_id))))


def _merge_tags(table, column, source, target):
    """Re-tag in three statements, whatever the number of proposals: the proposals tagged
    with `source` but not yet `target` gain `target`, then `source` is removed. The
    proposals' revisions grow, so a moderator's form opened before the merge is refused."""
    other = aliased(table)
    tagged = select(table.c.proposal_id).where(column == source.id)
    count = db.session.scalar(select(func.count()).select_from(tagged.subquery()))
    db.session.execute(update(Proposal).where(Proposal.id.in_(tagged))
                       .values(revision=Proposal.revision + 1))
    missing = tagged.where(~exists().where(other.c.proposal_id == table.c.proposal_id,
                                           other.c[column.key] == target.id))
    db.session.execute(insert(table).from_select(
        ["proposal_id", column.key], missing.add_columns(literal(target.id))))
    db.session.execute(delete(table).where(column == source.id))
    if table is proposal_keywords:  # some had both, and now have one keyword fewer
        counted = select(func.count()).where(
            proposal_keywords.c.proposal_id == Proposal.id).scalar_subquery()
        db.session.execute(update(Proposal).where(Proposal.id.in_(
            select(proposal_keywords.c.proposal_id).where(column == target.id)))
            .values(keyword_count=counted))
    return count
