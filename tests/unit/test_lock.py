"""The lock file and pyproject.toml agree: every dependency pinned, hashed and current."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PROJECT = "vnru (pyproject.toml)"


@dataclass
class Pin:
    """One package of the lock: its version, marker, hashes and what asked for it."""

    version: Version
    marker: str | None
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def read_lock(text: str) -> dict[str, Pin]:
    """The lock as uv writes it: 'name==version [; marker] \\', hash lines, '# via' lines."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    in_via = False
    for line in text.splitlines():
        head = re.match(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if head:
            current = Pin(Version(head.group(2)), head.group(3))
            pins[canonicalize_name(head.group(1))] = current
            in_via = False
        elif current is not None and (
            hashed := re.match(r"^\s+--hash=sha256:([0-9a-f]{64})", line)
        ):
            current.hashes.append(hashed.group(1))
        elif current is not None and (via := re.match(r"^\s+# via(?: (.+))?$", line)):
            in_via = via.group(1) is None
            if via.group(1):
                current.via.append(via.group(1).strip())
        elif current is not None and in_via and (parent := re.match(r"^\s+#\s+(.+)$", line)):
            current.via.append(parent.group(1).strip())
        elif line.strip() and not line.startswith("#"):
            raise AssertionError(f"requirements.lock: a line the lock format does not have: {line}")
    return pins


def declared() -> list[Requirement]:
    """Every dependency pyproject.toml declares: the runtime ones and the dev extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(name) for name in names]


@pytest.fixture(scope="module")
def pins() -> dict[str, Pin]:
    return read_lock(LOCK.read_text(encoding="utf-8"))


def test_every_declared_dependency_is_pinned_within_its_range(pins: dict[str, Pin]) -> None:
    """A dependency added to pyproject.toml without `make lock`, or a range moved past
    the pinned version, fails here."""
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is declared but not locked: run `make lock`"
        assert requirement.specifier.contains(pins[name].version, prereleases=True), (
            f"{requirement.name} is locked at {pins[name].version}, outside {requirement}"
        )


def test_the_lock_holds_no_direct_dependency_pyproject_dropped(pins: dict[str, Pin]) -> None:
    """A dependency removed from pyproject.toml leaves a stale pin until `make lock`."""
    direct = {name for name, pin in pins.items() if PROJECT in pin.via}
    assert direct == {canonicalize_name(r.name) for r in declared()}


def test_every_pin_is_exact_hashed_and_asked_for(pins: dict[str, Pin]) -> None:
    assert len(pins) >= len(declared())
    for name, pin in pins.items():
        assert pin.hashes, f"{name} has no --hash: pip's --require-hashes would refuse the lock"
        assert pin.via, f"{name} is in the lock but nothing asks for it"
        assert all(parent == PROJECT or canonicalize_name(parent) in pins for parent in pin.via)


def test_the_lock_reader_sees_what_it_must() -> None:
    """The checks above read the lock through this parser: it must not miss a field."""
    text = (
        "# header\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n"
        f"    --hash=sha256:{'a' * 64} \\\n"
        f"    --hash=sha256:{'b' * 64}\n"
        "    # via pytest\n"
        "rich==15.0.0 \\\n"
        f"    --hash=sha256:{'c' * 64}\n"
        "    # via\n"
        "    #   textual\n"
        f"    #   {PROJECT}\n"
    )
    pins = read_lock(text)
    assert pins["colorama"].marker == "sys_platform == 'win32'"
    assert pins["colorama"].hashes == ["a" * 64, "b" * 64]
    assert pins["colorama"].via == ["pytest"]
    assert pins["rich"].version == Version("15.0.0")
    assert pins["rich"].via == ["textual", PROJECT]
    with pytest.raises(AssertionError, match="lock format"):
        read_lock("rich>=13\n")


@pytest.mark.locked
def test_the_environment_is_the_locked_one(pins: dict[str, Pin]) -> None:
    """`make install` installs exactly the lock: what the suite runs on is what it pins."""
    environment = default_environment()
    for name, pin in pins.items():
        if pin.marker and not Requirement(f"{name}; {pin.marker}").marker.evaluate(environment):
            continue
        assert Version(metadata.version(name)) == pin.version, f"{name}: run `make install`"


@pytest.mark.locked
def test_the_lock_is_closed_under_its_packages_requirements(pins: dict[str, Pin]) -> None:
    """Every requirement of every locked package (on this platform) is locked within
    its range: pip installs the lock with --no-deps, so nothing may be missing."""
    environment = default_environment()
    for name, pin in pins.items():
        if pin.marker and not Requirement(f"{name}; {pin.marker}").marker.evaluate(environment):
            continue
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""}):
                continue
            needed = canonicalize_name(requirement.name)
            assert needed in pins, f"{name} needs {requirement}, which the lock lacks"
            assert requirement.specifier.contains(pins[needed].version, prereleases=True), (
                f"{name} needs {requirement}; the lock has {pins[needed].version}"
            )
