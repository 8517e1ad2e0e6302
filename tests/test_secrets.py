"""A database password is never written anywhere: not to the log, an error line, a crash report or the output."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from annotator.logs import log_path
from annotator.store.engine import password, scrubber, shown

from tests.conftest import fresh_database
from tests.test_cli import run

SECRET = "s3cret"
NOWHERE = f"postgresql+psycopg://sara:{SECRET}@127.0.0.1:1/team"  # nothing listens on port 1: the connection fails


@pytest.mark.parametrize("text, masked", [
    (NOWHERE, "postgresql+psycopg://sara:***@127.0.0.1:1/team"),
    ("postgresql://sara:p%40ss@host/db", "postgresql://sara:***@host/db"),
    ("postgresql://sara:s3cret@host:notaport/db", "postgresql://sara:***@host:notaport/db"),  # SQLAlchemy cannot read it
    ("postgresql://sara@host/db", "postgresql://sara@host/db"),
    ("/home/sara/a#b?c%d.db", "/home/sara/a#b?c%d.db"),
    ("postgresql://sara@host/db?password=s3cret", "postgresql://sara@host/db?password=***"),  # libpq's other way
    ("postgresql://host/db?user=sara&password=s3cret&sslmode=require",
     "postgresql://host/db?password=***&sslmode=require&user=sara"),
    ("postgresql://sara@host:notaport/db?password=s3cret", "postgresql://sara@host:notaport/db?password=***"),
])
def test_shown_masks_the_password(text: str, masked: str) -> None:
    assert shown(text) == masked
    assert "s3cret" not in scrubber(text)(f"error about {text}: {password(text)}")


@pytest.mark.parametrize("args", [
    ["stats", "--db", NOWHERE],
    [f"--db={NOWHERE}", "stats"],
    ["stats", "--db", "postgresql://sara:s3cret@host:notaport/db"],
    ["gui", "--db", NOWHERE],
    ["stats", "--db", f"postgresql://sara@127.0.0.1:1/team?password={SECRET}"],
])
def test_a_failing_db_with_a_password_is_named_masked(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = run(capsys, *args)
    log = log_path().read_text(encoding="utf-8")
    assert SECRET not in log
    assert "***" in log  # the command line is there, masked
    assert code == 2
    assert SECRET not in out + err
    assert "***" in err and err.count("\n") == 1  # one line naming the database


def test_merge_from_a_url_with_a_password_is_named_masked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    assert run(capsys, "init", "--db", str(db))[0] == 0
    code, out, err = run(capsys, "merge", NOWHERE, "--db", str(db))
    assert code == 2 and "sara:***@127.0.0.1:1/team: cannot read it" in err
    assert SECRET not in out + err + log_path().read_text(encoding="utf-8")


@pytest.mark.postgresql
def test_a_working_db_with_a_password_is_never_logged(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = make_url(fresh_database(tmp_path, "postgresql")).set(password=SECRET)  # the test server trusts, any password works
    target = url.render_as_string(hide_password=False)
    code, out, err = run(capsys, "init", "--db", target)
    assert code == 0, err
    code, out2, err2 = run(capsys, "stats", "--db", target)
    assert code == 0, err2
    log = log_path().read_text(encoding="utf-8")
    assert SECRET not in out + err + out2 + err2 + log
    assert ":***@" in out and ":***@" in log


def test_crash_reports_mask_the_password(tmp_path: Path) -> None:
    import logging
    import sys

    from annotator.gui import crash

    shown_text: list[str] = []
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    keep = Keep()
    logging.getLogger("annotator").addHandler(keep)
    hook = sys.excepthook
    try:
        crash.install(tmp_path / "annotator.log", show=shown_text.append, scrub=scrubber(NOWHERE))
        try:
            raise RuntimeError(f"lost the connection to {NOWHERE}")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = hook
        logging.getLogger("annotator").removeHandler(keep)
    assert shown_text and SECRET not in shown_text[0] and "sara:***@" in shown_text[0]
    assert records and all(SECRET not in r for r in records)
