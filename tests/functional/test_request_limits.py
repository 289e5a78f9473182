"""How much of a request the app reads: forms far less than the import's 8 MB files, an
address no longer than a server's request line, and no NUL character anywhere."""
import io

from app.models import Role
from app.request_guard import MAX_FORM_BYTES, MAX_URL_BYTES
from tests.conftest import csrf_token


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data):
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


def test_a_20_mb_form_is_refused_without_being_read(client):
    body = CountingStream(b"email=" + b"a" * (20 * 1024 * 1024))
    response = client.post("/logga-in", input_stream=body,
                           content_type="application/x-www-form-urlencoded",
                           content_length=len(body.getvalue()))
    assert response.status_code == 413
    assert "Det du skickade är för stort" in response.get_data(as_text=True)
    assert body.read_bytes == 0


def test_a_form_just_over_the_limit_is_refused_but_a_long_proposal_is_not(
        client, login_as, make_process):
    process = make_process()
    login_as(Role.RESIDENT)
    page = f"/process/{process.slug}/forslag/nytt"
    token = csrf_token(client, page)
    too_much = client.post(page, data={"csrf_token": token, "body": "x" * MAX_FORM_BYTES})
    assert too_much.status_code == 413
    # The longest text a proposal may have, in Swedish letters, is far within the limit.
    longest = client.post(page, data={"csrf_token": token, "title": "Längs ån",
                                      "body": "å" * 5000})
    assert longest.status_code == 200


def _upload(client, process, content):
    page = f"/moderera/{process.slug}/import"
    return client.post(page, data={"csrf_token": csrf_token(client, page),
                                   "file": (io.BytesIO(content), "forslag.csv")},
                       content_type="multipart/form-data")


def test_an_import_file_may_be_8_mb_and_one_larger_gets_a_message(client, login_as,
                                                                  make_process):
    process = make_process()
    login_as(Role.MODERATOR)
    header = "titel;text;fokusområde;kanal;inkommet\n".encode()
    row = b"x" * 899 + b"\n"  # 9,320 rows of 900 bytes: within the 10,000 rows too
    rows, rest = divmod(8 * 1024 * 1024 - len(header), len(row))
    eight_mb = header + row * rows + b"x" * rest
    assert _upload(client, process, eight_mb).status_code == 302  # kept for its dry run
    response = _upload(client, process, eight_mb + b"x")
    assert response.status_code == 200
    assert "Filen är större än 8 MB" in response.get_data(as_text=True)


def test_an_upload_far_over_the_limit_is_refused(client, login_as, make_process):
    process = make_process()
    login_as(Role.MODERATOR)
    response = _upload(client, process, b"x" * (20 * 1024 * 1024))
    assert response.status_code == 413
    assert "högst 8 MB" in response.get_data(as_text=True)


def test_an_address_longer_than_a_request_line_is_refused(client):
    response = client.get("/?q=" + "a" * MAX_URL_BYTES)
    assert response.status_code == 414
    assert "Adressen är för lång" in response.get_data(as_text=True)
    assert client.get("/?q=" + "a" * 1000).status_code == 200


def test_a_nul_character_in_an_address_is_refused_with_a_message(client):
    for response in (client.get("/process/a%00b/forslag"),
                     client.get("/?q=a%00b"),
                     client.post("/logga-in", data={"e\x00mail": "a@example.org",
                                                    "csrf_token": csrf_token(client,
                                                                             "/logga-in")})):
        assert response.status_code == 400
        assert "NUL" in response.get_data(as_text=True)


def test_a_nul_character_in_a_form_field_is_removed_and_the_form_answers(client):
    response = client.post("/logga-in", data={"email": "a\x00@example.org\u200b",
                                              "password": "fel",
                                              "csrf_token": csrf_token(client, "/logga-in")})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "NUL" not in html
    assert 'value="a@example.org"' in html  # what was typed, as it was meant


def test_ids_out_of_the_databases_range_are_no_page(client, make_process, make_proposal):
    process = make_process()
    proposal = make_proposal(process)
    assert client.get(f"/forslag/{proposal.id}").status_code == 200
    for value in ("9223372036854775808", "2147483648", "-1", "0", "1" * 10_000, "x"):
        assert client.get(f"/forslag/{value}").status_code in (404, 414), value
        assert client.get(f"/open-space/{value}").status_code in (404, 414), value


def test_a_query_number_out_of_range_is_ignored_and_shown_as_not_applied(
        client, make_process, make_proposal):
    process = make_process()
    make_proposal(process, title="Fler bänkar längs ån")
    for name in ("sida", "fokusomrade", "omrade", "nyckelord", "tema", "mal"):
        response = client.get(f"/process/{process.slug}/forslag?{name}=9223372036854775808")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert "Fler bänkar längs ån" in html, name  # the filter did not apply
        notice, form = html.split('<details class="filters-panel">', 1)
        if name != "sida":  # a page number out of range simply gives the first page
            assert f"{name}=9223372036854775808" in notice, name  # said to be not applied
        assert "9223372036854775808" not in form.split("</form>")[0], name  # not echoed
