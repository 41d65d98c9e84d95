"""The vault's git history: first and last revision of each note, and the changelog commits."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from nonlinear.site.history import Change, History, parse_log, read_history


def _git(cwd: Path, *args: str, when: str = "2026-01-01T10:00:00+00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@e.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env=env,
    )


def _commit(repo: Path, message: str, when: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message, when=when)


def _repository(tmp_path: Path) -> Path:
    """A repository whose vault sits in ``docs/``, with a rename, an edit and a deletion."""
    docs = tmp_path / "docs"
    (docs / "Sub dir").mkdir(parents=True)
    (docs / "a.md").write_text("a\n", encoding="utf-8")
    (docs / "gone.md").write_text("g\n", encoding="utf-8")
    (docs / "Sub dir" / 'é "b".md').write_text("b\n" * 20, encoding="utf-8")
    (tmp_path / "outside.md").write_text("o\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _commit(tmp_path, "one", "2026-01-01T10:00:00+00:00")
    (docs / "a.md").write_text("a2\n", encoding="utf-8")
    (docs / "gone.md").unlink()
    _commit(tmp_path, "two: edit a, drop gone", "2026-02-03T11:00:00+01:00")
    (docs / "Sub dir" / 'é "b".md').rename(docs / "Sub dir" / "renamed b.md")
    _commit(tmp_path, "three: rename b", "2026-03-04T12:00:00+00:00")
    (tmp_path / "outside.md").write_text("o2\n", encoding="utf-8")
    _commit(tmp_path, "four: outside only", "2026-04-05T12:00:00+00:00")
    return docs


def test_history_of_a_small_repository(tmp_path: Path) -> None:
    history = read_history(_repository(tmp_path))
    assert history.prefix == "docs/"
    assert history.head is not None
    assert history.head.date == dt.date(2026, 4, 5)  # HEAD, although it left docs/ alone
    assert len(history.head.commit) == 40
    assert history.head.short == history.head.commit[:7]
    assert [c.subject for c in history.commits] == [
        "three: rename b",
        "two: edit a, drop gone",
        "one",
    ]
    assert history.commits[0].changes == (
        Change("renamed", "Sub dir/renamed b.md", 'Sub dir/é "b".md'),
    )
    assert history.commits[1].changes == (
        Change("modified", "a.md"),
        Change("deleted", "gone.md"),
    )
    assert set(history.files) == {"a.md", "Sub dir/renamed b.md"}
    a = history.file("a.md")
    assert a is not None
    assert (a.first.date, a.last.date) == (dt.date(2026, 1, 1), dt.date(2026, 2, 3))
    assert a.last.time.utcoffset() == dt.timedelta(hours=1)
    renamed = history.file("Sub dir/renamed b.md")
    assert renamed is not None
    # First published under its old name; last revised by the rename.
    assert (renamed.first.date, renamed.last.date) == (dt.date(2026, 1, 1), dt.date(2026, 3, 4))
    assert history.file("gone.md") is None


def test_history_outside_a_repository(tmp_path: Path) -> None:
    assert read_history(tmp_path) == History()


def test_history_of_a_repository_without_commits(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    assert read_history(tmp_path) == History()


def test_parse_log_reads_every_status_and_skips_garbage() -> None:
    log = (
        "\x01" + "a" * 40 + "\x002026-05-06T07:08:09+02:00\x00Subject with \x02 text\x00"
        "\nA\x00new.md\x00C75\x00src.md\x00copy.md\x00T\x00link.md\x00R090\x00x.md\x00y.md\x00"
        "\x01not-a-commit\x00yesterday\x00s\x00"
    )
    (commit,) = parse_log(log)
    assert commit.revision.date == dt.date(2026, 5, 6)
    assert commit.subject == "Subject with \x02 text"
    assert commit.changes == (
        Change("added", "new.md"),
        Change("added", "copy.md"),
        Change("modified", "link.md"),
        Change("renamed", "y.md", "x.md"),
    )
