"""Builds `src/lr_portal/static/nlds.css` from the NL Design System packages in node_modules.

`npm ci` (services/portal/package-lock.json) installs @utrecht/component-library-css and
@utrecht/design-tokens; the whole bundle is ~490 KB, far over the 100 KB a page may weigh. This
keeps the rules of the components the templates use (COMPONENTS) and the design tokens those rules
reference, directly or through other tokens. The output is committed, so the portal runs from a
fresh clone without Node; tests/unit/test_assets.py rebuilds it and compares when node_modules is
there (`.ci/run` installs it), so the committed file cannot drift from the pinned packages.

    python services/portal/scripts/build_assets.py [--check]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
MODULES = HERE / "node_modules" / "@utrecht"
OUTPUT = HERE / "src" / "lr_portal" / "static" / "nlds.css"

COMPONENTS = (
    "utrecht-alert",
    "utrecht-badge-status",
    "utrecht-button",
    "utrecht-button-group",
    "utrecht-checkbox",
    "utrecht-data-list",
    "utrecht-document",
    "utrecht-fieldset",
    "utrecht-form-field",
    "utrecht-form-field-description",
    "utrecht-form-field-error-message",
    "utrecht-form-label",
    "utrecht-heading-1",
    "utrecht-heading-2",
    "utrecht-heading-3",
    "utrecht-link",
    "utrecht-link-list",
    "utrecht-ordered-list",
    "utrecht-page-content",
    "utrecht-page-footer",
    "utrecht-page-header",
    "utrecht-paragraph",
    "utrecht-select",
    "utrecht-skip-link",
    "utrecht-table",
    "utrecht-textarea",
    "utrecht-textbox",
    "utrecht-unordered-list",
)
_CLASS = re.compile(r"\.(utrecht-[a-z0-9-]+?)(?:--[a-z0-9-]+|__[a-z0-9-]+)*(?![a-z0-9-])")
MODIFIERS = frozenset(
    [
        "checkbox",
        "distanced",
        "error",
        "info",
        "invalid",
        "ok",
        "warning",
        "primary-action",
        "secondary-action",
        "subtle",
        "submit",
        "rows",
        "numeric",
        "visible-on-focus",
        "surface",
        "lead",
        "checked",
    ]
)
"""The modifiers the templates use; the rest (states imitated for design tools, variants for
elements without classes, ...) stay out."""
_MODIFIER = re.compile(r"\.utrecht-[a-z0-9-]+?--([a-z0-9-]+)")
_VAR = re.compile(r"var\((--[a-z0-9-]+)")
_DECL = re.compile(r"^\s*(--[a-z0-9-]+)\s*:\s*(.*?);", re.MULTILINE)


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs; comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    blocks: list[tuple[str, str]] = []
    depth, start, prelude = 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((prelude, css[start:i]))
                start = i + 1
        elif char == ";" and depth == 0:
            start = i + 1  # @charset and the like
    return blocks


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside :is(...))."""
    parts, depth, current = [], 0, ""
    for char in prelude:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def _wanted(selector: str) -> bool:
    names = {match.group(1) for match in _CLASS.finditer(selector)}
    modifiers = {match.group(1) for match in _MODIFIER.finditer(selector)}
    return bool(names) and names <= set(COMPONENTS) and modifiers <= MODIFIERS


def _minified(body: str) -> str:
    declarations = (line.strip() for line in body.strip().split(";"))
    text = ";".join(re.sub(r"\s+", " ", d) for d in declarations if d)
    return re.sub(r"\( | \)", lambda match: match.group(0).strip(), text).replace(": ", ":")


def _components(css: str) -> list[str]:
    kept: list[str] = []
    for prelude, body in _blocks(css):
        if prelude.startswith("@"):
            inner = _components(body)
            if inner:
                kept.append(prelude + "{" + "".join(inner) + "}")
        else:
            selectors = [selector for selector in _selectors(prelude) if _wanted(selector)]
            if selectors:
                kept.append(",".join(selectors) + "{" + _minified(body) + "}")
    return kept


def build() -> str:
    components = "\n".join(
        _components((MODULES / "component-library-css" / "dist" / "index.css").read_text())
    )
    theme = (MODULES / "design-tokens" / "dist" / "theme.css").read_text()
    tokens = dict(_DECL.findall(theme))
    needed: set[str] = set()
    todo = set(_VAR.findall(components))
    while todo:
        name = todo.pop()
        if name in needed or name not in tokens:
            continue
        needed.add(name)
        todo |= set(_VAR.findall(tokens[name]))
    declarations = ";".join(f"{name}:{tokens[name]}" for name in sorted(needed))
    return (
        "/* Built by services/portal/scripts/build_assets.py from\n"
        " * @utrecht/component-library-css and @utrecht/design-tokens\n"
        " * (EUPL-1.2, Gemeente Utrecht, Frameless B.V.). Do not edit. */\n"
        f".utrecht-theme{{{declarations}}}\n{components}\n"
    )


def main() -> int:
    css = build()
    if "--check" in sys.argv:
        if OUTPUT.read_text() != css:
            print(f"{OUTPUT} differs from a fresh build; run {Path(__file__).name}")
            return 1
        return 0
    OUTPUT.write_text(css)
    print(f"{OUTPUT}: {len(css.encode()) // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
