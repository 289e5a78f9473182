"""Every page a role may open is found by following links from the start page: nobody has
to type an address. Checked on the demo, as each role's demo account."""
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from app.extensions import db
from app.models import (Board, BoardGoal, FocusArea, FollowUpPeriod, Goal, Keyword, OpenSpaceEvent,
                        OpenSpaceSession, Phase, Place, Process, Proposal, ProposalStatus, Role,
                        Theme, User)
from app.permissions import access_rule, allows
from app.services import demo
from tests.conftest import NOT_PAGES, routes, submit, url_for_rule

# Routes no link on the site leads to, because nobody navigates to them.
NOT_LINKED = {
    "auth.verify_email": "the link in the email that confirms an address",
    "auth.confirm_email_change": "the link sent to a new address",
    "auth.reset_password": "the link in the password-reset email",
    "auth.accept_invitation": "the link in a staff member's invitation",
    "public.unsubscribe": "the link in the results email",
    "public.health": "the load balancer's health check",
    "public.favicon": "asked for by browsers, named in every page's head",
}
# Pages fetched per route while crawling: enough to find every link, and bounded.
FETCH_PER_ROUTE = 2
ROLES = [None, *Role]  # None: not logged in
DEMO_ACCOUNTS = {role: email for role, email, _name in demo.DEMO_ACCOUNTS}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(html):
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def endpoint_of(adapter, path):
    try:
        return adapter.match(path, method="GET")[0]
    except RequestRedirect as redirect:  # a missing trailing slash
        return endpoint_of(adapter, urlsplit(redirect.new_url).path)
    except HTTPException:
        return None


def crawl(app, client, on_page=None):
    """The routes reached by following links (and redirects) from the start page, as the
    client's user. Downloads and the language switch count when linked; they are not
    fetched. `on_page(url, html)` is shown each page fetched."""
    adapter = app.url_map.bind("localhost")
    reached, fetched, per_route = {"public.index"}, {"/"}, Counter()
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302, 303):
            hrefs = [response.headers["Location"]]
        elif response.status_code == 200 and response.mimetype == "text/html":
            hrefs = links_on(response.get_data(as_text=True))
            if on_page:
                on_page(url, response.get_data(as_text=True))
        else:
            continue
        for href in hrefs:
            target = urlsplit(urljoin(url, href))
            if target.scheme not in ("", "http") or target.netloc not in ("", "localhost"):
                continue  # mailto:, other sites
            endpoint = endpoint_of(adapter, target.path)
            if endpoint is None or endpoint == "static":
                continue
            reached.add(endpoint)
            path = target.path + (f"?{target.query}" if target.query else "")
            if endpoint in NOT_PAGES or path in fetched or per_route[endpoint] >= FETCH_PER_ROUTE:
                continue
            fetched.add(path)
            per_route[endpoint] += 1
            queue.append(path)
    return reached


def demo_values(user_id):
    """A value for each URL parameter, from the demo: the role's own proposal if it has one.
    Parameters the demo has nothing for (an import batch, an emailed token) are missing."""
    def first(column, *where):
        return db.session.scalar(select(column).where(*where).order_by(column).limit(1))
    process = db.session.scalar(select(Process).where(Process.slug == demo.DEMO_SLUG))
    own = first(Proposal.id, Proposal.author_id == user_id) if user_id else None
    return {
        "slug": process.slug, "process_id": process.id, "language": "en", "kind": "csv",
        "phase_id": first(Phase.id), "focus_area_id": first(FocusArea.id),
        "user_id": first(User.id, User.role == Role.RESIDENT),
        "proposal_id": own or first(Proposal.id, Proposal.status == ProposalStatus.PUBLISHED),
        "keyword_id": first(Keyword.id), "theme_id": first(Theme.id), "place_id": first(Place.id),
        "event_id": first(OpenSpaceEvent.id), "session_id": first(OpenSpaceSession.id),
        "goal_id": first(Goal.id), "board_goal_id": first(BoardGoal.id),
        "board_id": first(Board.id),
        "period_id": first(FollowUpPeriod.id)}


def openable(app, client, role):
    """The routes `role` may open on the demo: allowed by its rule, every parameter filled
    from the demo, and answering with a page (not a redirect, nor another's draft)."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[role])) \
            if role else None
        values = demo_values(user.id if user else None)
        acting = user or AnonymousUserMixin()
        candidates = [rule for rule in routes(app) if "GET" in rule.methods
                      and rule.endpoint not in NOT_LINKED
                      and allows(access_rule(app.view_functions[rule.endpoint]), acting)
                      and set(rule.arguments) <= values.keys()]
    found = set()
    for rule in candidates:
        if rule.endpoint not in NOT_PAGES:
            status = client.get(url_for_rule(rule, values)).status_code
            assert status < 500, rule.endpoint
            if status != 200:
                continue
        found.add(rule.endpoint)
    return found


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r or "anonymous"))
def test_every_page_a_role_may_open_is_linked_from_pages_it_reaches(app, client, role):
    with app.app_context():
        demo.load_demo("testing")
    if role is not None:
        client.get("/")
        response = submit(client, "/logga-in",
                          {"email": DEMO_ACCOUNTS[role], "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302
    wanted = openable(app, client, role)
    assert {"public.index", "proposals.index"} <= wanted
    missing = wanted - crawl(app, client)
    assert not missing, f"{role or 'anonymous'} can open but finds no link to {sorted(missing)}"
