"""The committed stylesheet is what the pinned NL Design System packages build to."""

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_assets", HERE / "scripts/build_assets.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_css_is_a_fresh_build_of_the_pinned_packages() -> None:
    builder = _builder()
    assert builder.MODULES.is_dir(), "run `npm ci` in services/portal (make install does)"
    assert builder.OUTPUT.read_text() == builder.build()


def test_the_stylesheets_leave_room_for_the_page_within_100_kb() -> None:
    static = HERE / "src/lr_portal/static"
    css = sum((static / name).stat().st_size for name in ("nlds.css", "portal.css"))
    assert css < 90 * 1024
