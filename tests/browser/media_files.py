"""Tiny but well-formed media files for upload tests, made in code (no binary fixtures).

The film is an ISO base media (MP4) file with `ftyp`, `moov/mvhd` and an empty `mdat`; the audio
one MPEG-1 Layer III frame; the captions a WebVTT cue.
"""

import struct


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def tiny_mp4() -> bytes:
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = _box(
        b"mvhd",
        struct.pack(">B3xIIII", 0, 0, 0, 1000, 1000)  # version, flags, times, timescale, 1 s
        + struct.pack(">IH10x", 0x10000, 0x100)  # rate 1.0, volume 1.0
        + matrix
        + bytes(24)
        + struct.pack(">I", 2),  # next track id
    )
    return ftyp + _box(b"moov", mvhd) + _box(b"mdat", b"")


def tiny_mp3() -> bytes:
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: a frame is 417 bytes.
    return bytes.fromhex("fffb9064") + bytes(413)


CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:01.000\nHej och välkommen\n".encode()
