"""The one atomic writer: through symlinks, keeping permissions, cleaning up after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from nrcgraph.atomic import Lock, atomic_write
from nrcgraph.errors import NrcgraphError


def test_writes_through_a_symlink_and_keeps_it(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"


def test_keeps_the_file_mode(tmp_path):
    target = tmp_path / "data.ttl"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_missing_folder_or_a_folder_target_is_a_clear_error(tmp_path):
    with pytest.raises(NrcgraphError, match="does not exist"):
        atomic_write(tmp_path / "nowhere" / "x.ttl", b"x")
    with pytest.raises(NrcgraphError, match="is a folder"):
        atomic_write(tmp_path, b"x")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "data.ttl"
    target.write_text("old")

    def fail(fh):
        fh.write(b"half")
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        atomic_write(target, fail)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.ttl"]


def test_a_temporary_left_by_a_killed_writer_is_cleaned_by_the_next_write(tmp_path):
    target = tmp_path / "data.ttl"
    target.write_text("old")
    code = (
        "import time; from nrcgraph.atomic import atomic_write\n"
        f"atomic_write({str(target)!r}, lambda fh: (fh.write(b'half'), fh.flush(), print('writing', flush=True), time.sleep(60)))"
    )
    writer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert len(list(tmp_path.iterdir())) == 2  # the kill left its temporary file
    assert target.read_text() == "old"
    atomic_write(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["data.ttl"] and target.read_text() == "new"


def test_a_held_lock_names_its_holder(tmp_path):
    path = tmp_path / "w.lock"
    code = (
        "import time; from nrcgraph.atomic import Lock\n"
        f"Lock({str(path)!r}).require(); print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(NrcgraphError, match=rf"in use by another nrcgraph \(pid {holder.pid}"):
            Lock(path, "the test folder").require(wait=0.1)
    finally:
        holder.kill()
        holder.wait()
    assert Lock(path).acquire()  # released when its process ended
