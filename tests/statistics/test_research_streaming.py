"""The research export's ZIP streams: memory stays flat however many rows pass through."""

import io
import tracemalloc
import zipfile

from stegvis.statistics.research.archive import csv_text, zip_chunks

ROWS = 200_000


def _rows():
    for n in range(ROWS):
        yield [f"e-{n:016d}", f"p-{n:016d}", "SE2321000065-U0001", "depression", n % 97, "35-44"]


def test_a_large_export_streams_in_constant_memory():
    files = [("big.csv", lambda: csv_text(["a", "b", "c", "d", "e", "f"], _rows()))]
    total = chunks = 0
    tracemalloc.start()
    try:
        for chunk in zip_chunks(files, prefix="uttag"):
            total += len(chunk)
            chunks += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    uncompressed = ROWS * 70
    assert chunks > 10, "the ZIP came out in one piece"
    # About 14 MB of CSV passes through; the peak stays near the 64 kB flush size.
    assert peak < 2_000_000, f"peak {peak} bytes for {uncompressed} bytes of CSV"
    assert total > 100_000


def test_the_streamed_zip_is_a_valid_archive():
    data = b"".join(
        zip_chunks([("a.csv", lambda: csv_text(["x"], ([n] for n in range(1000))))], prefix="p")
    )
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert archive.read("p/a.csv").decode().splitlines()[:3] == ["x", "0", "1"]


def test_the_csv_is_plain_rfc_4180():
    text = "".join(csv_text(["a", "b"], [["x,y", 'say "hi"'], [None, 1.5]]))
    assert text == 'a,b\r\n"x,y","say ""hi"""\r\n,1.5\r\n'
