"""The due check's cost does not grow with a server's history (counted, not timed)."""

from __future__ import annotations

from benchmarks.facts import NOW, build


def vm_steps_to_claim(tmp_path, days: int) -> int:
    """SQLite virtual-machine steps spent claiming the due posts of 5 servers."""
    service = build(tmp_path / f"{days}.sqlite3", servers=5, days=days)
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    service.store.db.conn.set_progress_handler(count, 1)
    claims = service.claim_due(NOW)
    service.store.db.conn.set_progress_handler(None, 1)
    assert len(claims) == 5
    return steps


def test_a_claim_reads_no_more_after_years_than_after_weeks(tmp_path):
    facts = len(build(tmp_path / "probe.sqlite3", servers=1, days=0).facts())
    weeks = vm_steps_to_claim(tmp_path, facts + 3)  # the second round, 3 facts in
    years = vm_steps_to_claim(tmp_path, 30 * facts + 3)  # the 31st round, 3 facts in
    assert years < 1.2 * weeks
