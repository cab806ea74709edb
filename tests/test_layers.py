"""Features depend one way: importing any module of a package loads no package above it.

Each module is imported in a fresh interpreter (a child forked from one that has loaded only
third-party libraries), so what one import pulls in cannot hide behind another's.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.paths import ROOT

PACKAGE = ROOT / "conference"

#: Lowest first. A package may import those before it (and its own layer), never those after.
#: `conference/__init__` (the app factory) and `conference/models.py` (the whole schema for
#: Alembic) gather every feature and are not a layer.
LAYERS = (
    ("web", "db"),  # request and database plumbing (with extensions.py, timeutil.py and collector.py)
    ("demo",),
    ("sync",),
    ("accounts",),
    ("outbox",),
    ("schedule",),
    ("messages",),
    ("people",),
    ("followups",),
    ("goals",),
    ("questions", "agenda_items"),  # the user's own questions to ask; their own agenda items
    ("targets",),
    ("milestones",),
    ("letters",),
    ("board",),
    ("meta", "exchange"),  # word lists read from the models; contact cards in and out
    ("calendar",),
    ("summary",),
)
LAYER_OF = {package: number for number, layer in enumerate(LAYERS) for package in layer}

#: Run in a fresh interpreter, given the modules layer by layer (lowest first). A first child imports every
#: module and names the third-party libraries they use; the interpreter loads those once. Then, layer by layer,
#: a child imports the whole layer and reports which packages of ours that loaded; only when that is more than
#: the layer may load does a child per module find out which module did. Afterwards the interpreter loads the
#: layer itself, as long as it loaded no package above: a module may load every lower layer, so having them
#: loaded already hides nothing, and a layer's children run only that layer's code.
PROBE = r"""
import json, os, sys

def in_child(work):
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        try:
            answer = work()
        except BaseException as exc:
            answer = {"error": repr(exc)}
        os.write(write, json.dumps(answer).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        found = json.loads(answer.read())
    os.waitpid(child, 0)
    return found

def ours(name):
    return name.split(".")[0] in ("conference", "config")

def libraries():
    for layer in layers:
        for module in layer["modules"]:
            __import__(module)
    tops = {name.split(".")[0] for name in sys.modules}
    return sorted(top for top in tops - set(sys.stdlib_module_names) if not ours(top) and not top.startswith("_"))

def packages_loaded(*modules):
    def work():
        for module in modules:
            __import__(module)
        return sorted({name.split(".")[1] for name in sys.modules if name.startswith("conference.")})
    return work

def within(found, above):
    return isinstance(found, list) and not set(found) & set(above)

layers = json.loads(sys.argv[1])
for library in in_child(libraries):
    try:
        __import__(library)
    except ImportError:
        pass  # made at run time by another library (cython_runtime)
assert not any(ours(name) for name in sys.modules)
loaded, preloading = {}, True
for layer in layers:
    together = in_child(packages_loaded(*layer["modules"]))
    if within(together, layer["above"]):
        found = dict.fromkeys(layer["modules"], together)
    else:
        found = {module: in_child(packages_loaded(module)) for module in layer["modules"]}
    loaded.update(found)
    preloading = preloading and all(within(names, layer["above"]) for names in found.values())
    if preloading:
        for module in layer["modules"]:
            __import__(module)
print(json.dumps(loaded))
"""


def packages() -> list[str]:
    """Every package directly under conference/."""
    return sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))


def modules(package: str) -> list[str]:
    """Every module of a package, subpackages included, as dotted names."""
    found = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_every_package_has_a_layer():
    assert sorted(LAYER_OF) == packages()


@pytest.fixture(scope="module")
def loaded() -> dict:
    """For each module of every layered package, the packages of ours importing it loads."""
    layers = [
        {
            "modules": [module for package in layer for module in modules(package)],
            "above": [package for higher in LAYERS[number + 1 :] for package in higher],
        }
        for number, layer in enumerate(LAYERS)
    ]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(layers)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("package", sorted(LAYER_OF, key=LAYER_OF.get))
def test_no_module_loads_a_package_above_its_own(loaded, package):
    above = {name for name, number in LAYER_OF.items() if number > LAYER_OF[package]}
    wrong = {}
    for module in modules(package):
        found = loaded[module]
        assert isinstance(found, list), f"{module} does not import: {found}"
        if above & set(found):
            wrong[module] = sorted(above & set(found))
    assert not wrong, f"loads packages above {package}: {wrong}"


#: A module that grows past this becomes a package of concepts.
MAX_LINES = 400


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long
