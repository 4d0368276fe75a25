"""Every log line names the request it was written for (the id echoed as X-Request-ID).

The id ties a line in the logs to the access-log events of the same request without putting
anyone's identity in the log. Outside a request (a worker, a command) it is empty.
"""

import logging

from stegvis.audit import context


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current().request_id
        return True
