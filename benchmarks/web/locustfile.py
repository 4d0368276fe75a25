"""Locust users that each hit one target (benchmarks/web/targets.py) as fast as it answers.

The runner names the target in BENCH_TARGET_FILE; each user takes the next variant (account),
carries that account's cookies and never follows redirects, so a page is measured alone.
"""

import itertools
import json
import os
from http.cookiejar import Cookie
from pathlib import Path

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

from benchmarks.web.targets import request_headers

TARGET = json.loads(Path(os.environ["BENCH_TARGET_FILE"]).read_text())
_turn = itertools.count()


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        0,
        name,
        value,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        True,
        None,
        None,
        {},
    )


class PageUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        variants = TARGET["variants"]
        self.variant = variants[next(_turn) % len(variants)]
        for name, value in self.variant["cookies"].items():
            self.client.cookiejar.set_cookie(_cookie(name, value))

    @task
    def hit(self):
        post = TARGET["method"] == "POST"
        headers = request_headers(TARGET, self.variant)
        with self.client.request(
            TARGET["method"],
            self.variant["path"],
            name=TARGET["name"],
            data=self.variant["body"] if post else None,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "") or ""
            if response.status_code not in TARGET["expect"]:
                response.failure(f"HTTP {response.status_code}")
            elif "/accounts/" in location:
                response.failure("sent to sign in")
            else:
                response.success()
