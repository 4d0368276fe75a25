"""Drive the site from many threads at once against one SQLite file, the way the demo runs.

Run by tests/load/test_sqlite_under_load.py in a process of its own (the test process's database
is in memory): `python -m tests.load.driver PLAN.json`. Staff read Hantera and Mina, citizens
open steps and autosave them; the worker and the care scheduler run beside it as their own
processes. Prints one JSON line: how many requests were made and every error.
"""

import json
import os
import sys
import threading
import time
from collections import Counter

import django


def _staff_loop(client, enrollment_ids: list[int], until: float, tally) -> None:
    from django.urls import reverse

    urls = [reverse("clinic:my_enrollments")] + [
        reverse("clinic:enrollment", args=[pk]) for pk in enrollment_ids
    ]
    n = 0
    while time.monotonic() < until:
        tally(client.get(urls[n % len(urls)]))
        n += 1


def _citizen_loop(client, enrollment_id: int, step_key: str, until: float, tally) -> None:
    from django.urls import reverse

    step = reverse("portal:step", args=[enrollment_id, step_key])
    autosave = reverse("portal:autosave", args=[enrollment_id, step_key])
    n = 0
    while time.monotonic() < until:
        if n % 4 == 0:
            tally(client.get(step))
        else:
            data = {
                "goals-text": f"Mitt mål, version {n}",
                "plan-what": "Promenad",
                "plan-hours": "2",
            }
            tally(client.post(autosave, data))
        n += 1


def _run(plan: dict) -> dict:
    from django.db import connections
    from django.test import Client

    from stegvis.organisation.models import User
    from tests.signin import sign_in

    counts: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()

    def tally(response) -> None:
        with lock:
            counts[response.status_code // 100 * 100] += 1
            if response.status_code >= 500:
                exc = getattr(response, "exc_info", None)
                reason = f" ({exc[1]})" if exc else ""
                errors.append(f"{response.status_code} {response.request['PATH_INFO']}{reason}")

    def client_for(user_id: int) -> Client:
        client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        return sign_in(client, User.objects.get(pk=user_id))

    until = time.monotonic() + plan["seconds"]
    jobs = [
        (_staff_loop, (client_for(pk), plan["enrollments"], until, tally)) for pk in plan["staff"]
    ] + [
        (_citizen_loop, (client_for(citizen), enrollment, plan["step"], until, tally))
        for citizen, enrollment in plan["citizens"]
    ]
    connections.close_all()

    def guarded(target, args):
        try:
            target(*args)
        except Exception as error:  # every failure is a finding to report
            with lock:
                errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guarded, args=job) for job in jobs]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "seconds": round(time.monotonic() - started, 1),
        "requests": sum(counts.values()),
        "by_status": {str(k): v for k, v in sorted(counts.items())},
        "errors": errors,
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as plan_file:
        plan = json.load(plan_file)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
    django.setup()
    print(json.dumps(_run(plan)))


if __name__ == "__main__":
    main()
