"""A person's browser without the browser: cookies and forms over real HTTP, for tests
that send many requests to a served app at once."""
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class HttpClient:
    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def clone(self):
        """Another tab of the same browser: the same session, its own later cookies (so
        that what each tab is told can be read apart)."""
        other = HttpClient(self.base_url)
        for cookie in self.cookies:
            other.cookies.set_cookie(cookie)
        return other

    def get(self, path):
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=body))

    def csrf_token(self, path):
        return CSRF.search(self.get(path)[1]).group(1)

    def submit(self, path, data, form_page=None):
        """POST a form with the CSRF token from the page it is on: (status, html)."""
        return self.post(path, {**data, "csrf_token": self.csrf_token(form_page or path)})

    def log_in(self, email, password):
        status, _html = self.submit("/logga-in", {"email": email, "password": password})
        assert status == 302, f"could not log in as {email}"

    def _open(self, request):
        try:
            with self._opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answers are read as sent: a redirect is a 302 to look at, not a page to follow."""

    def redirect_request(self, *args, **kwargs):
        return None
