class SmsError(Exception):
    """A provider refused or failed; `code` (e.g. an HTTP status) is safe to record."""

    def __init__(self, code: str = ""):
        super().__init__(code)
        self.code = code


class BaseSmsBackend:
    """Send one SMS. Subclasses implement `send`; a failure raises (SmsError or any error)."""

    def send(self, to: str, text: str, *, reference: str = "") -> str:
        raise NotImplementedError
