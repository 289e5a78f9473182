"""The moderators' taxonomy pages: keywords with their meaning and the strategy themes
(with their Agenda 2030 goals and synthesis): create, edit, archive and merge."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.extensions import db
from app.forms import add_domain_error
from app.lookups import get_or_404, process_or_404
from app.models import Keyword, Theme
from app.moderation.forms import KeywordForm, MergeTagForm, SynthesisForm, ThemeForm
from app.moderation.views import bp, moderate
from app.services.review import taxonomy
from app.services.errors import DomainError


@bp.route("/<slug>/nyckelord", methods=["GET", "POST"])
@moderate
def keywords(slug):
    process = process_or_404(slug)
    form = KeywordForm()
    form.set_choices(taxonomy.themes_of(process))
    if form.validate_on_submit():
        try:
            taxonomy.save_keyword(current_user, process, name=form.name.data,
                                  meaning=form.meaning.data, theme_id=form.theme_id.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The keyword is saved."), "success")
            return redirect(url_for(".keywords", slug=process.slug))
    return render_template("moderation/keywords.html", process=process, form=form,
                           keywords=taxonomy.keywords_of(process, archived=True),
                           counts=taxonomy.keyword_counts(process))


@bp.route("/nyckelord/<int:keyword_id>", methods=["GET", "POST"])
@moderate
def edit_keyword(keyword_id):
    keyword = get_or_404(Keyword, keyword_id)
    process = keyword.process
    form = KeywordForm(obj=keyword, data={"theme_id": keyword.theme_id or 0})
    form.set_choices(taxonomy.themes_of(process))
    if form.validate_on_submit():
        try:
            taxonomy.save_keyword(current_user, process, keyword=keyword, name=form.name.data,
                                  meaning=form.meaning.data, theme_id=form.theme_id.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The keyword is saved."), "success")
            return redirect(url_for(".keywords", slug=process.slug))
    merge_form = MergeTagForm(formdata=None)
    merge_form.set_choices([k for k in taxonomy.keywords_of(process) if k.id != keyword.id])
    return render_template("moderation/keyword_form.html", process=process, form=form,
                           keyword=keyword, merge_form=merge_form,
                           versions=taxonomy.versions(keyword))


@bp.route("/nyckelord/<int:keyword_id>/arkivera", methods=["POST"])
@moderate
def archive_keyword(keyword_id):
    keyword = get_or_404(Keyword, keyword_id)
    return _archive(keyword, url_for(".keywords", slug=keyword.process.slug))


@bp.route("/teman/<int:theme_id>/arkivera", methods=["POST"])
@moderate
def archive_theme(theme_id):
    theme = get_or_404(Theme, theme_id)
    return _archive(theme, url_for(".themes", slug=theme.process.slug))


def _archive(item, back):
    form = FlaskForm()  # a keyword or theme has no revision: only the CSRF token
    if not form.validate_on_submit():
        abort(400)
    archived = request.form.get("archived") == "1"
    try:
        taxonomy.set_archived(current_user, item, archived)
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(name)s is archived.", name=item.name) if archived
              else _("%(name)s is in use again.", name=item.name), "success")
    return redirect(back)


@bp.route("/nyckelord/<int:keyword_id>/sammanfoga", methods=["POST"])
@moderate
def merge_keyword(keyword_id):
    keyword = get_or_404(Keyword, keyword_id)
    return _merge_tag(keyword, taxonomy.keywords_of(keyword.process), taxonomy.merge_keywords,
                      url_for(".keywords", slug=keyword.process.slug),
                      lambda form: render_template(
                          "moderation/keyword_form.html", process=keyword.process,
                          form=_keyword_form(keyword), keyword=keyword, merge_form=form,
                          versions=taxonomy.versions(keyword)))


def _keyword_form(keyword):
    form = KeywordForm(formdata=None, obj=keyword, data={"theme_id": keyword.theme_id or 0})
    form.set_choices(taxonomy.themes_of(keyword.process))
    return form


@bp.route("/teman/<int:theme_id>/sammanfoga", methods=["POST"])
@moderate
def merge_theme(theme_id):
    theme = get_or_404(Theme, theme_id)
    return _merge_tag(theme, taxonomy.themes_of(theme.process), taxonomy.merge_themes,
                      url_for(".themes", slug=theme.process.slug),
                      lambda form: _render_theme(theme, _theme_form(theme), merge_form=form))


def _theme_form(theme):
    form = ThemeForm(formdata=None, obj=theme,
                     data={"sdg_goals": [g.number for g in theme.sdg_goals]})
    form.set_choices(taxonomy.sdg_goals())
    return form


def _merge_tag(item, candidates, merge_service, back, render):
    form = MergeTagForm()
    form.set_choices([c for c in candidates if c.id != item.id])
    if form.validate_on_submit():
        target = db.session.get(type(item), form.target.data)
        try:
            count = merge_service(current_user, item, target)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("%(source)s is merged into %(target)s; %(num)d proposals re-tagged.",
                    source=item.name, target=target.name, num=count), "success")
            return redirect(back)
    return render(form)


@bp.route("/<slug>/teman", methods=["GET", "POST"])
@moderate
def themes(slug):
    process = process_or_404(slug)
    form = ThemeForm()
    form.set_choices(taxonomy.sdg_goals())
    if form.validate_on_submit():
        try:
            taxonomy.save_theme(current_user, process, name=form.name.data,
                                description=form.description.data,
                                sdg_numbers=form.sdg_goals.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The theme is saved."), "success")
            return redirect(url_for(".themes", slug=process.slug))
    return render_template("moderation/themes.html", process=process, form=form,
                           themes=taxonomy.themes_of(process, archived=True, details=True),
                           counts=taxonomy.theme_counts(process))


@bp.route("/teman/<int:theme_id>", methods=["GET", "POST"])
@moderate
def edit_theme(theme_id):
    theme = get_or_404(Theme, theme_id)
    process = theme.process
    form = ThemeForm(obj=theme, data={"sdg_goals": [g.number for g in theme.sdg_goals]})
    form.set_choices(taxonomy.sdg_goals())
    if form.validate_on_submit():
        try:
            taxonomy.save_theme(current_user, process, theme=theme, name=form.name.data,
                                description=form.description.data,
                                sdg_numbers=form.sdg_goals.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The theme is saved."), "success")
            return redirect(url_for(".themes", slug=process.slug))
    return _render_theme(theme, form)


def _render_theme(theme, form, synthesis_form=None, merge_form=None):
    if merge_form is None:
        merge_form = MergeTagForm(formdata=None)
        merge_form.set_choices([t for t in taxonomy.themes_of(theme.process)
                                if t.id != theme.id])
    return render_template(
        "moderation/theme_form.html", process=theme.process, form=form, theme=theme,
        merge_form=merge_form, versions=taxonomy.versions(theme),
        synthesis_form=synthesis_form or SynthesisForm(formdata=None,
                                                       data={"body": theme.synthesis}))


@bp.route("/teman/<int:theme_id>/syntes", methods=["POST"])
@moderate
def save_synthesis(theme_id):
    theme = get_or_404(Theme, theme_id)
    form = SynthesisForm()
    if form.validate_on_submit():
        try:
            taxonomy.save_synthesis(current_user, theme, form.body.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The synthesis is saved; the earlier versions are kept."), "success")
            return redirect(url_for(".edit_theme", theme_id=theme.id))
    return _render_theme(theme, _theme_form(theme), synthesis_form=form)
