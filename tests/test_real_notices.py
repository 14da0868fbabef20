"""The real-notice scorer over ../shared/corpus/real (skipped where ../shared is absent)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


@pytest.mark.parametrize("group", ["header", "refs", "deadlines"])
def test_real_notice_group_passes(shared_dir, group):
    if shutil.which("vanban") is None:
        pytest.skip("the vanban command is not installed")
    result = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "score.py"),
         str(shared_dir / "corpus" / "real" / "gold.json"), str(shared_dir / "corpus" / "real"),
         "--only", group],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_gazette_numbers_and_types(shared_dir):
    """Công báo notices: number and type right for 98% or more (one bulk parse)."""
    if shutil.which("vanban") is None:
        pytest.skip("the vanban command is not installed")
    result = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "score_congbao.py"),
         str(shared_dir / "corpus" / "congbao"), "--min", "98"],
        capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:]
