"""Log lines carry the request id, as plain text or JSON, and never a personnummer."""

import io
import json
import logging

from django.conf import settings
from django.utils.module_loading import import_string

from stegvis.audit import context
from stegvis.audit.logging import RequestIdFilter
from stegvis.security.logging import MaskIdentityNumbers


def _handler(formatter_name: str) -> tuple[logging.Handler, io.StringIO]:
    """A handler built as LOGGING builds the console's (dictConfig passes `format` as `fmt`)."""
    config = dict(settings.LOGGING["formatters"][formatter_name])
    factory = import_string(config.pop("()", "logging.Formatter"))
    config["fmt"] = config.pop("format")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory(**config))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(MaskIdentityNumbers())
    return handler, stream


def _log_in_a_request(handler: logging.Handler, message: str, *args) -> None:
    logger = logging.getLogger("stegvis.test_logs")
    logger.addHandler(handler)
    token = context.bind(context.RequestContext(request_id="abc123"))
    try:
        logger.warning(message, *args)
    finally:
        context.reset(token)
        logger.removeHandler(handler)


def test_a_json_line_names_the_request_and_masks_the_personnummer():
    handler, stream = _handler("json")
    _log_in_a_request(handler, "could not match %s", "19121212-1212")
    line = json.loads(stream.getvalue())
    assert line["request_id"] == "abc123"
    assert line["level"] == "WARNING"
    assert line["logger"] == "stegvis.test_logs"
    assert line["message"] == "could not match [personnummer]"


def test_a_plain_line_names_the_request_too():
    handler, stream = _handler("plain")
    _log_in_a_request(handler, "slow page")
    assert "[abc123] slow page" in stream.getvalue()


def test_outside_a_request_the_id_is_empty():
    handler, stream = _handler("plain")
    logger = logging.getLogger("stegvis.test_logs")
    logger.addHandler(handler)
    try:
        logger.warning("worker started")
    finally:
        logger.removeHandler(handler)
    assert "[] worker started" in stream.getvalue()
