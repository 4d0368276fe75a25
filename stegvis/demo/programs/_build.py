"""Small helpers that keep the demo program modules readable: plain dicts in the release schema."""

from stegvis.catalog.document import SCHEMA


def text(*paragraphs: str) -> dict:
    return {"type": "text", "html": "".join(f"<p>{p}</p>" for p in paragraphs)}


def bullets(intro: str, items: list[str]) -> dict:
    rows = "".join(f"<li>{item}</li>" for item in items)
    return {"type": "text", "html": f"<p>{intro}</p><ul>{rows}</ul>"}


def info(html: str, style: str = "info") -> dict:
    return {"type": "info", "style": style, "html": f"<p>{html}</p>"}


def field(key: str, label: str, kind: str = "text", choices=(), required: bool = False) -> dict:
    data = {"key": key, "label": label, "kind": kind, "required": required}
    if choices:
        data["choices"] = list(choices)
    return data


def step(key: str, title: str, *blocks: dict) -> dict:
    return {"key": key, "title": title, "blocks": list(blocks)}


def section(key: str, title: str, *steps: dict) -> dict:
    return {"key": key, "title": title, "steps": list(steps)}


def module(key: str, title: str, intro: str, opening: dict, *sections: dict) -> dict:
    return {
        "key": key,
        "title": title,
        "intro": intro,
        "opening": opening,
        "sections": list(sections),
    }


def program(
    *,
    key: str,
    name: str,
    description: str,
    developed_by: str,
    modules: list[dict],
    version: tuple[int, int] = (1, 0),
    target_group: str = "",
    mode: str = "practitioner_led",
    intro: str = "",
    **rest,
) -> dict:
    return {
        "schema": SCHEMA,
        "program": {
            "key": key,
            "name": name,
            "description": description,
            "developed_by": developed_by,
            "target_group": target_group,
            "mode": mode,
            "citizen_may_write": True,
            "open": False,
            "intro": intro,
        },
        "version": {"major": version[0], "minor": version[1]},
        "modules": modules,
        **rest,
    }
