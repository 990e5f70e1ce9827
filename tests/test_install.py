"""The environment installs anywhere: every pinned distribution came as a wheel built
elsewhere (no compiler, no distribution headers on the machine that installed it), and
the install scripts ask for nothing else. Whether the pins have wheels for every
supported CPython is asked of the package index by .ci/run (the tests reach no network)."""

from __future__ import annotations

import re
from importlib import metadata

from bao_cao.data.record import REPO_ROOT

LIB = (REPO_ROOT / "scripts" / "lib.sh").read_text(encoding="utf-8")


def pins(name: str) -> dict[str, str]:
    """The pins of a requirements file (and of the files it includes), by normalised name."""
    found = {}
    for line in (REPO_ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            found.update(pins(line[3:].strip()))
        elif "==" in line:
            project, version = line.split("==")
            found[re.sub(r"[-_.]+", "-", project).lower()] = version
    return found


def test_no_installed_distribution_was_compiled_on_this_machine():
    """A wheel pip builds from a source archive is tagged for the bare platform
    ("cp311-cp311-linux_x86_64"); the index's own wheels are manylinux or pure Python."""
    compiled = []
    for distribution in metadata.distributions():
        wheel = distribution.read_text("WHEEL") or ""
        tags = re.findall(r"^Tag: (\S+)$", wheel, re.MULTILINE)
        if any(tag.endswith(("-linux_x86_64", "-linux_aarch64")) for tag in tags):
            compiled.append(f"{distribution.metadata['Name']} ({', '.join(tags)})")
    assert compiled == []


def test_every_pin_is_installed_at_its_version():
    installed = {
        re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(): d.version
        for d in metadata.distributions()
    }
    wanted = pins("requirements-test.txt")
    assert {name: installed.get(name) for name in wanted} == wanted


def test_the_install_scripts_take_wheels_only_and_no_interpreter_named_package():
    commands = LIB.replace("\\\n", " ").splitlines()  # continued lines joined
    installs = [line for line in commands if "pip install" in line and "--requirement" in line]
    assert installs
    assert all("--only-binary=:all:" in line for line in installs)
    # No apt package named after the interpreter (python3.13-dev, python3.12-venv …): a
    # Python that is not the distribution's has none.
    assert not re.search(r"python\$\w+-|python3\.\d+-(dev|venv)|-dev\b", LIB)
    assert "PyICU==" not in (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8")
