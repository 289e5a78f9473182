"""The one place that cleans HTML written by residents.

Only paragraphs, line breaks, lists, bold, italic and links survive; everything else is
removed (its text kept), and links get rel="nofollow noopener" and may point only to
http(s) and mailto. bleach is in maintenance mode: keeping it behind this module means
a later switch (to nh3, say) touches one file. Templates mark only these results safe.
"""
import re
from html import unescape

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                          protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True)


# Elements whose content is code, not text: removed whole, not just untagged.
_UNSAFE_ELEMENTS = re.compile(r"<(script|style|iframe|object|template)\b.*?</\1\s*>",
                              re.IGNORECASE | re.DOTALL)


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


def clean_html(html):
    """Resident-written HTML made safe to show. Plain text with blank lines becomes
    paragraphs, so the form works without an editor."""
    html = _UNSAFE_ELEMENTS.sub("", (html or "").replace("\r\n", "\n")).strip()
    if not re.search(r"<(p|ul|ol|br)\b", html, re.IGNORECASE):
        html = "".join(f"<p>{part.strip()}</p>" for part in re.split(r"\n\s*\n", html)
                       if part.strip()).replace("\n", "<br>")
    cleaned = _cleaner.clean(html)
    return bleach.linkify(cleaned, callbacks=[*DEFAULT_CALLBACKS, _nofollow], parse_email=False)


def safe(cleaned_html):
    """Mark HTML that clean_html() produced as safe for a template."""
    return Markup(cleaned_html)


def plain_text(html):
    """The words only: for search, excerpts and length checks."""
    text = bleach.clean(re.sub(r"</(p|li)>|<br\s*/?>", " ", html or ""), tags=set(), strip=True)
    return re.sub(r"\s+", " ", unescape(text)).strip()


def text_html(text):
    """Plain text (an imported row of a paper proposal) as safe paragraphs, and its words.
    Escaped, never parsed as HTML, so ten thousand rows take milliseconds, not seconds."""
    parts = [" ".join(part.split())
             for part in re.split(r"\n\s*\n", _CONTROL.sub("", (text or "").replace("\r\n", "\n")))
             if part.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in parts), " ".join(parts)


# Characters nobody means to type, which a paste or a hand-made request may carry:
# control characters but tab and line breaks (NUL among them: no database stores it in
# text), and the invisible ones that hide text or turn it around (zero-width space, word
# joiner and invisible operators, bidirectional embeddings and overrides, byte-order mark,
# non-characters). Direction marks and isolates stay: right-to-left writing needs them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060-\u2064"
                      "\u202a-\u202e\ufeff\ufffe\uffff]")


def clean_text(value):
    """Text as its writer meant it: without the characters above. Every form field passes
    here before a view reads it (`app.request_guard`), and so does imported text."""
    return _CONTROL.sub("", value)


# A tag, a comment or an entity: text that is HTML rather than words about it ("a < b").
_MARKUP = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|!--.*?--)>"
                     r"|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", re.DOTALL)
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote|tr|table|ul|ol)\s*>|<br\s*/?>",
                        re.IGNORECASE)


def looks_like_html(text):
    return bool(_MARKUP.search(text or ""))


def html_as_text(html):
    """HTML pasted into a spreadsheet cell, as the words a person wrote: blocks become
    paragraphs (blank lines), everything else goes, script and style with their content."""
    html = _UNSAFE_ELEMENTS.sub("", html or "")
    html = _BLOCK_END.sub("\n\n", html)
    text = unescape(bleach.clean(html, tags=set(), strip=True, strip_comments=True))
    return re.sub(r"\n\s*\n\s*", "\n\n", text.replace("\xa0", " ")).strip()


def one_line(text):
    """A title or name: control characters (which no one types, and which break
    spreadsheets) removed, whitespace made single spaces."""
    return " ".join(_CONTROL.sub("", text or "").split())
