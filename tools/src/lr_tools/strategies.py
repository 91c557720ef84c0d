"""Hypothesis strategies the contract tests of several packages share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

NOW = datetime(2026, 8, 1, 9, 30, 15, 123456, tzinfo=UTC)

text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)
"""Any text JSON can carry (no lone surrogates)."""

names = st.one_of(text, st.sampled_from(["J.P.", "van der", "Ölçüm", 'a"b\\c\n\t\x01\x7f😀']))
"""Names as boards deliver them, and what JSON must escape: quotes, backslashes, control
characters, non-ASCII, characters outside the BMP."""

moments = st.one_of(
    st.just(NOW),
    st.just(NOW.replace(microsecond=0)),
    st.datetimes(min_value=datetime(2000, 1, 1), timezones=st.just(UTC)),
    st.just(datetime(2026, 8, 1, 9, tzinfo=timezone(timedelta(hours=2)))),
)
"""Moments as services stamp them: UTC with and without microseconds, and another offset."""
