"""A file SMS backend that takes its time, so a test can kill the worker mid-batch."""

import time

from stegvis.notifications.sms.file import FileSmsBackend


class SlowFileSmsBackend(FileSmsBackend):
    def send(self, to: str, text: str, *, reference: str = "") -> str:
        time.sleep(0.05)
        return super().send(to, text, reference=reference)
