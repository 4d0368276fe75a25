"""Count the queries one request of each target makes, in-process, with production settings.

Run by the runner as `python -m benchmarks.web.queries TARGETS.json` in the server's
environment: each target's first variant is requested twice through Django's test client with
that account's cookies (the first warms per-process caches), and the second request is counted
under CaptureQueriesContext and timed (one request alone, no load). Nothing is added to the
served app, so production never carries a counting hook. Prints JSON:
{name: {"alone_ms", "queries", "bytes", "status"}}.
"""

import json
import sys
import time
from pathlib import Path


def request_meta(variant: dict) -> tuple[dict[str, str], str]:
    """Django test client's META for a variant's headers, and the POST body's content type.

    A page posts a form as autosave.js does; an API variant names its own headers (the bearer
    token and FHIR JSON).
    """
    headers = variant.get("headers")
    if not headers:
        return {"HTTP_X_REQUESTED_WITH": "fetch"}, "application/x-www-form-urlencoded"
    extra = {
        "HTTP_" + name.upper().replace("-", "_"): value
        for name, value in headers.items()
        if name.lower() != "content-type"
    }
    content_type = next(
        (v for k, v in headers.items() if k.lower() == "content-type"),
        "application/x-www-form-urlencoded",
    )
    return extra, content_type


def count_queries(targets: list[dict]) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counted = {}
    for target in targets:
        variant = target["variants"][0]
        client = Client(HTTP_HOST="127.0.0.1")
        for name, value in variant["cookies"].items():
            client.cookies[name] = value
        extra, content_type = request_meta(variant)
        for _turn in range(2):
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                if target["method"] == "POST":
                    response = client.post(
                        variant["path"], variant["body"], content_type=content_type, **extra
                    )
                else:
                    response = client.get(variant["path"], **extra)
        counted[target["name"]] = {
            "alone_ms": round(1000 * (time.perf_counter() - began), 1),
            "queries": len(captured.captured_queries),
            "bytes": len(response.content),
            "status": response.status_code,
        }
    return counted


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(count_queries(json.loads(Path(sys.argv[1]).read_text()))))
