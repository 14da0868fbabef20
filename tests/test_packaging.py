"""The package as a user installs it: ``import vanban`` from anywhere, nothing named ``parser``
installed, a typed public API, no import cycle between the models and pandas."""

from __future__ import annotations

import ast
import dataclasses
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import vanban
from vanban import models

from .conftest import ROOT

PACKAGE = ROOT / "parser"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout (no network: the build tools installed here)."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = out.glob("vanban-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with the wheel installed (plain, not editable); returns its bin/."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, system_site_packages=True, with_pip=False, symlinks=True)
    bin_dir = env / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
         str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    if "no such option: --python" in result.stderr:  # pip older than 22.3
        pytest.skip("pip cannot install into another environment here")
    assert result.returncode == 0, result.stderr[-2000:]
    return bin_dir


def test_wheel_holds_the_package_the_grammars_and_the_marker(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.startswith("vanban-")}
    assert tops == {"vanban"}
    assert "vanban/py.typed" in names
    grammars = {Path(n).name for n in names if n.startswith("vanban/grammar_files/")}
    assert {f"{g.stem}.lark" for g in (ROOT / "grammars").glob("*.lark")} <= grammars


def test_installed_wheel_imports_as_vanban_from_any_folder(installed: Path, tmp_path: Path) -> None:
    user = tmp_path / "project"
    user.mkdir()
    (user / "parser.py").write_text("NAME = 'the user\\'s own parser module'\n", encoding="utf-8")
    python = str(installed / "python")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=user, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": ""})

    probe = run(python, "-c", "import vanban, parser; print(vanban.__file__); print(parser.NAME)")
    assert probe.returncode == 0, probe.stderr
    location, user_parser = probe.stdout.splitlines()
    assert Path(location).is_relative_to(installed.parent)  # the installed copy, not the checkout
    assert user_parser == "the user's own parser module"
    seed = ROOT / "corpus" / "cv-45-BHXH-CNTT-2016.txt"
    parsed = run(python, "-c", f"import vanban; print(vanban.parse_file({str(seed)!r}).number.raw)")
    assert parsed.stdout.strip() == "45/BHXH-CNTT", parsed.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    no_parser = subprocess.run([python, "-c", "import parser"], cwd=empty, capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": ""})
    assert no_parser.returncode != 0 and "No module named 'parser'" in no_parser.stderr

    version = run(str(installed / "vanban"), "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"vanban {vanban.__version__}"
    helped = run(python, "-m", "vanban", "--help")
    assert helped.returncode == 0 and "parse" in helped.stdout and "ingest" in helped.stdout


def test_mypy_strict_passes_on_a_user_script(installed: Path) -> None:
    pytest.importorskip("mypy")
    script = ROOT / "tests" / "typing" / "user_script.py"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-executable",
         str(installed / "python"), str(script)],
        cwd=script.parent, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_public_api() -> None:
    for name in ("parse", "parse_file", "parse_many", "Corpus", "Notice", "DocNumber", "Reference",
                 "Deadline", "Signature", "Distribution", "Annex", "Issuer", "DecodeError"):
        assert name in vanban.__all__
        assert getattr(vanban, name) is not None
    assert all(hasattr(vanban, name) for name in vanban.__all__)


def test_parse_many_takes_one_path_or_many(tmp_path: Path) -> None:
    seed = ROOT / "corpus" / "cv-45-BHXH-CNTT-2016.txt"
    for one in (str(seed), seed, str(seed.parent / "ct-12-HU-2024.txt")):
        corpus = vanban.parse_many(one, jobs=1)
        assert len(corpus) == 1 and not corpus.errors
    (tmp_path / "a.txt").write_bytes(seed.read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(seed.read_bytes())
    assert len(vanban.parse_many(str(tmp_path), jobs=1)) == 2
    assert len(vanban.parse_many([tmp_path / "a.txt", tmp_path / "sub"], jobs=1)) == 2


def _imports(path: Path) -> list[tuple[int, str]]:
    """(level, module) of every import in a source file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            out.append((node.level, node.module or ""))
        elif isinstance(node, ast.Import):
            out.extend((0, alias.name) for alias in node.names)
    return out


def test_package_imports_are_relative() -> None:
    for path in PACKAGE.rglob("*.py"):
        for level, module in _imports(path):
            top = module.split(".")[0]
            assert level > 0 or top not in ("vanban", "parser"), f"{path.name}: absolute import of {module}"


def test_models_know_nothing_of_pandas() -> None:
    modules = {level_module[1].split(".")[0] for level_module in _imports(PACKAGE / "models.py")}
    assert "pandas" not in modules and "frames" not in modules and "corpus" not in modules


def test_every_model_field_reaches_to_dict() -> None:
    samples = {
        models.DocNumber: models.DocNumber("26/KH-BCĐ", suffix="(138)"),
        models.Issuer: models.Issuer("SỞ Y TẾ"),
        models.Reference: models.Reference("Quyết định", "1/QĐ-UBND"),
        models.Signature: models.Signature(),
        models.SigningLink: models.SigningLink("KT", "CHỦ TỊCH"),
        models.Distribution: models.Distribution("Như trên"),
        models.Annex: models.Annex("PHỤ LỤC"),
        models.Notice: models.Notice(source=None, text=""),
    }
    for cls, sample in samples.items():
        keys = set(sample.to_dict())
        fields = {f.name for f in dataclasses.fields(cls)}
        assert fields <= keys, f"{cls.__name__}: {fields - keys} missing from to_dict()"
    assert samples[models.DocNumber].to_dict()["suffix"] == "(138)"
    deadline_fields = {f.name for f in dataclasses.fields(models.Deadline)}
    sample_deadline = models.Deadline(kind="before", date=None, duration=None, action=None, clause="",
                                      start=0, end=0)
    assert deadline_fields <= set(sample_deadline.to_dict())
