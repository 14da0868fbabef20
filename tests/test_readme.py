"""Every code sample in README.md runs as written: the Python samples as a doctest, each command
of the ``sh`` blocks in a shell (installs and the test command itself excepted)."""

from __future__ import annotations

import doctest
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED

README = ROOT / "README.md"
# Developer checks that take minutes at the README's size run here at a smaller one.
SMALLER = {
    "-n 5000": "-n 40 --repeat 1",
    "-n 100000": "-n 300 --crafted-sizes 1k,3k",
    "benchmarks/scale.py": "benchmarks/scale.py --sizes 1k,10k --budget 20",
}
_SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def commands() -> list[str]:
    """The commands of the README's ``sh`` blocks, split at ``&&``, without installs and pytest."""
    out = []
    for block in _SH_BLOCK.findall(README.read_text(encoding="utf-8")):
        for line in block.splitlines():
            for command in line.split("&&"):
                command = command.strip()
                if command and not re.match(r"python3 -m (pip|pytest)\b", command):
                    out.append(command)
    return out


def test_python_samples_run_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(README), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 10
    assert result.failed == 0


def test_readme_has_shell_samples() -> None:
    found = commands()
    assert any(c.startswith("vanban ingest corpus/") for c in found)
    assert any(c.startswith("vanban deadlines") for c in found)


@pytest.mark.parametrize("command", commands())
def test_shell_sample_runs(command: str, tmp_path: Path) -> None:
    if shutil.which("vanban") is None:
        pytest.skip("the vanban command is not installed")
    if "../shared" in command and not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not beside this checkout")
    for long, short in SMALLER.items():
        command = command.replace(long, short)
    # Commands run from a scratch copy of the checkout's layout, so their outputs land there.
    work = tmp_path / "checkout"
    work.mkdir()
    for name in ("corpus", "benchmarks", "fuzz"):
        (work / name).symlink_to(ROOT / name)
    (tmp_path / "shared").symlink_to(SHARED) if SHARED.exists() else None
    args = shlex.split(command)
    if args[0] == "python3":
        args[0] = sys.executable
    result = subprocess.run(args, cwd=work, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-2000:])
