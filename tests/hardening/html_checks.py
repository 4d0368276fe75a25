"""Checks on rendered HTML that a strict Content Security Policy depends on.

`csp_problems(html)` lists every inline script, inline event handler (`on*=`), `javascript:` URL,
`<style>` element and `style=` attribute: each is blocked by `script-src 'self'` /
`style-src 'self'`. Data blocks (`<script type="application/json">`, e.g. from `json_script`)
are not scripts and are allowed. Reusable by any crawl:

    from tests.hardening.html_checks import assert_csp_clean
    assert_csp_clean(response.content.decode(), where=url)
"""

from html.parser import HTMLParser

# Script types a browser does not execute (data blocks).
_DATA_TYPES = {"application/json", "application/ld+json", "text/template", "importmap"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._open_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        where = f"<{tag} {' '.join(f'{n}={v!r}' for n, v in list(values.items())[:3])}>"
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"inline event handler {name}= in {where}")
            if name in _URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {where}")
            if name == "style" and value.strip():
                self.problems.append(f"inline style attribute in {where}")
        if tag == "style":
            self.problems.append("inline <style> element")
        if tag == "script":
            kind = values.get("type", "").strip().lower()
            executable = kind in ("", "text/javascript", "module", "application/javascript")
            self._open_script = where if executable and "src" not in values else None

    def handle_data(self, data: str) -> None:
        if self._open_script and data.strip():
            self.problems.append(f"inline script {self._open_script}: {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None


def csp_problems(html: str) -> list[str]:
    """Everything in `html` that a strict CSP (no inline script or style) would block."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def assert_csp_clean(html: str, where: str = "") -> None:
    problems = csp_problems(html)
    assert not problems, f"{where}: " + "; ".join(problems)
