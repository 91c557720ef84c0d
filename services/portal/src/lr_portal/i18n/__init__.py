"""Translations: Dutch by default, English on request (`?lang=en`, the language switch, or the
teacher's preference).

Every module in this package defines `MESSAGES: dict[str, tuple[str, str]]`, a key mapped to
(Dutch, English); keys are prefixed by area (`common.`, `teacher.`, `public.`, `portfolio.`,
`oidc.`). A new page area adds its own module here: it is found without editing this file.
Templates call `t("key", name=value)` (str.format placeholders).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Literal

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")
DEFAULT: Language = "nl"


def _load() -> dict[str, tuple[str, str]]:
    catalogue: dict[str, tuple[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, texts in module.MESSAGES.items():
            if key in catalogue:
                raise ValueError(f"translation key {key} defined twice")
            catalogue[key] = texts
    return catalogue


CATALOGUE = _load()


def language(value: str | None) -> Language | None:
    return "en" if value == "en" else "nl" if value == "nl" else None


def translate(lang: Language, key: str, **values: object) -> str:
    """The text of `key` in `lang`; a missing key raises (tests render every page)."""
    nl, en = CATALOGUE[key]
    text = en if lang == "en" else nl
    return text.format(**values) if values else text
