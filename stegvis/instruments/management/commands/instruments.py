"""``manage.py instruments score|import-fhir``: score answers and import FHIR questionnaires.

Output is JSON on stdout. Bad input gives a message in Swedish and English on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ...eq5d import VALUE_SETS
from ...fhir import FhirImportError, answers_from_fhir_response
from ...responses import AnswerError, answers_from_plain
from ...scoring import ScoringError, score
from ...services import (
    DefinitionConflict,
    InstrumentNotFound,
    get_definition,
    import_fhir_questionnaire,
)


def _fail(sv: str, en: str) -> CommandError:
    return CommandError(f"{sv}\n{en}")


def _read_json(path: str) -> Any:
    file = Path(path)
    if not file.is_file():
        raise _fail(f"Filen {path} finns inte.", f"The file {path} does not exist.")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise _fail(f"{path} är inte UTF-8-text.", f"{path} is not UTF-8 text.") from exc
    except json.JSONDecodeError as exc:
        raise _fail(
            f"{path} är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno}).",
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}).",
        ) from exc


class Command(BaseCommand):
    help = "Score answers to an instrument, or import a FHIR Questionnaire."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{score,import-fhir}")
        scoring = actions.add_parser(
            "score", help="Score one response: prints total, band, alerts and index as JSON."
        )
        scoring.add_argument("key", help="phq9, gad7, madrs-s, eq5d5l or an imported key")
        scoring.add_argument(
            "answers",
            help="JSON file: a FHIR QuestionnaireResponse or an object of linkId to value",
        )
        scoring.add_argument(
            "--value-set",
            default=None,
            help=f"EQ-5D-5L value set: {', '.join(VALUE_SETS)} (default sweden-2022)",
        )
        importing = actions.add_parser("import-fhir", help="Import a FHIR R4 Questionnaire.")
        importing.add_argument("file", help="JSON file with a FHIR Questionnaire")

    def handle(self, *args, **options) -> None:
        if options["action"] == "score":
            out = self.score(options["key"], options["answers"], options["value_set"])
        else:
            out = self.import_fhir(options["file"])
        self.stdout.write(json.dumps(out, ensure_ascii=False))

    def score(self, key: str, path: str, value_set: str | None) -> dict[str, Any]:
        try:
            definition = get_definition(key)
        except InstrumentNotFound as exc:
            raise _fail(exc.message["sv"], exc.message["en"]) from exc
        if value_set is not None and definition.scoring.index is None:
            raise _fail(
                f"--value-set gäller bara formulär med index (EQ-5D-5L), inte {key}.",
                f"--value-set applies only to instruments with an index (EQ-5D-5L), not {key}.",
            )
        data = _read_json(path)
        try:
            if isinstance(data, dict) and "resourceType" in data:
                if data["resourceType"] != "QuestionnaireResponse":
                    raise _fail(
                        f"{path} är en {data['resourceType']}, inte en QuestionnaireResponse.",
                        f"{path} is a {data['resourceType']}, not a QuestionnaireResponse.",
                    )
                answers = answers_from_fhir_response(definition, data)
            else:
                answers = answers_from_plain(definition, data)
            result = score(definition, answers, value_set=value_set)
        except FhirImportError as exc:
            raise _fail(exc.message["sv"], exc.message["en"]) from exc
        except AnswerError as exc:
            lines_sv = [f"  {link}: {m['sv']}" for link, m in exc.errors.items()]
            lines_en = [f"  {link}: {m['en']}" for link, m in exc.errors.items()]
            raise _fail(
                "Svaren kan inte poängsättas:\n" + "\n".join(lines_sv),
                "The answers cannot be scored:\n" + "\n".join(lines_en),
            ) from exc
        except ScoringError as exc:
            raise _fail(exc.message["sv"], exc.message["en"]) from exc
        if not result.complete:
            self.stderr.write(
                "Obesvarade obligatoriska frågor / unanswered required items: "
                + ", ".join(result.unanswered)
            )
        data = result.to_dict()
        head = {name: data.pop(name) for name in ("total", "band", "alerts", "index")}
        return head | data

    def import_fhir(self, path: str) -> dict[str, Any]:
        data = _read_json(path)
        try:
            _, result = import_fhir_questionnaire(data, source=f"import-fhir {Path(path).name}")
        except FhirImportError as exc:
            raise _fail(exc.message["sv"], exc.message["en"]) from exc
        except DefinitionConflict as exc:
            raise _fail(exc.message["sv"], exc.message["en"]) from exc
        definition = result.definition
        return {
            "key": definition.key,
            "version": definition.version,
            "items": sum(1 for _ in definition.walk()),
            "unsupported": result.unsupported,
            "adjusted": result.adjusted,
            "calculations": result.calculations,
            "recognised": result.recognised,
        }
