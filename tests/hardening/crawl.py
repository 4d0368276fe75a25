"""Crawl the site as a signed-in persona: pages, and the POST forms on them.

Follows same-site links breadth first, visiting each URL pattern at most `per_pattern` times
(so 100 enrollments cost as much as two), and never following links that sign out or leave the
HTML site (static files, media, the Django admin and the Wagtail design tool).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

SKIPPED_PREFIXES = ("/static/", "/media/", "/django-admin/", "/design/", "/accounts/logout/")


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    fields: list[Field]
    enctype: str = ""

    @property
    def key(self) -> tuple:
        return (_pattern(self.action), tuple(sorted({f.name for f in self.fields})))


@dataclass
class Page:
    path: str
    status: int
    html: str
    headers: dict
    forms: list[Form]


class _Parser(HTMLParser):
    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.path, a["href"]))
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.path, a.get("action") or self.path)
                self._form = Form(self.path, action, [], a.get("enctype", ""))
                self.forms.append(self._form)
            else:
                self._form = None
        elif self._form is not None and tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.fields.append(Field(a["name"], kind, "", [a.get("value", "on")]))
            else:
                self._form.fields.append(Field(a["name"], kind, a.get("value", "")))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        elif self._select is not None and tag == "option":
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _pattern(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    return match.view_name or match._func_path


def parse(path: str, html: str) -> tuple[list[str], list[Form]]:
    parser = _Parser(path)
    parser.feed(html)
    return parser.links, parser.forms


def crawl(client, start: list[str], *, per_pattern: int = 2, limit: int = 150) -> list[Page]:
    """Visit pages reachable from `start` with `client`; return every HTML page seen."""
    queue, seen, per = list(start), set(), {}
    pages: list[Page] = []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(path)
        pattern = _pattern(parts.path)
        if per.get(pattern, 0) >= per_pattern:
            continue
        per[pattern] = per.get(pattern, 0) + 1
        response = client.get(path)
        if response.status_code in (301, 302, 303):
            queue.insert(0, urljoin(path, response["Location"]))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        links, forms = parse(path, html)
        pages.append(Page(path, response.status_code, html, dict(response.headers), forms))
        queue.extend(links)
    return pages
