"""gunicorn's configuration for Stegvis (docs/operations.md, Serving).

Read by `make serve` and deploy/systemd/stegvis-web.service. Everything comes from the
environment, like the settings. Behind nginx (deploy/nginx/stegvis.conf) on loopback or a
socket; gunicorn trusts X-Forwarded-* only from FORWARDED_ALLOW_IPS.
"""

import os

wsgi_app = "stegvis.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Processes and threads: every request is short and mostly waits on the database. More than
# one worker needs CACHE_URL (Redis) so rate limits and the default cache are shared (the
# system check warns otherwise) and PROMETHEUS_MULTIPROC_DIR for metrics across workers.
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Longer than the slowest page (exports, imports) and shorter than nginx's proxy_read_timeout.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, staggered, so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# The request line and headers: nginx already bounds them; these are gunicorn's own guards.
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# nginx writes the access log; the application logs (with request ids) go to standard error.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "stegvis-web"
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"


def child_exit(server, worker):
    """Drop a finished worker's metric files (prometheus_client's multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
