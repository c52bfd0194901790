"""Typing and help(): the extension's stub declares every public name of relcore._core, and
every public name of relcore has a docstring."""
import ast
import inspect
import os

import relcore
import relcore._core as core

STUB = os.path.join(os.path.dirname(relcore.__file__), "_core.pyi")


def stub_names():
    tree = ast.parse(open(STUB, encoding="utf-8").read())
    top, members = set(), {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            top.add(node.target.id)
        if isinstance(node, ast.ClassDef):
            members[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
    return top, members


def test_stub_declares_every_public_name():
    top, members = stub_names()
    public = {n for n in dir(core) if not n.startswith("_")} | {"__version__"}
    assert public - top == set(), "add these to python/relcore/_core.pyi"
    assert top - public == set(), "the stub declares names the module does not have"
    for cls, declared in members.items():
        real = {n for n in dir(getattr(core, cls)) if not n.startswith("_")}
        if cls == "Match":  # struct sequence: tuple methods and n_* counters come with it
            real -= {"count", "index", "n_fields", "n_sequence_fields", "n_unnamed_fields"}
        assert real - declared == set(), f"{cls}: add to the stub"


def test_py_typed_and_stub_ship():
    assert os.path.exists(os.path.join(os.path.dirname(relcore.__file__), "py.typed"))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    pyproject = open(os.path.join(root, "pyproject.toml"), encoding="utf-8").read()
    assert '"*.pyi"' in pyproject and '"py.typed"' in pyproject


def test_every_public_name_has_a_docstring():
    missing = []
    for name in relcore.__all__:
        obj = getattr(relcore, name)
        if isinstance(obj, (str, tuple)):
            continue
        if not (inspect.getdoc(obj) or "").strip():
            missing.append(name)
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not callable(member):
                    continue
                if not (inspect.getdoc(member) or "").strip():
                    missing.append(f"{name}.{attr}")
    for mod in (relcore.plots, relcore.display, relcore.frames, relcore.relations):
        for name in mod.__all__:
            if not (inspect.getdoc(getattr(mod, name)) or "").strip():
                missing.append(f"{mod.__name__}.{name}")
    assert missing == []
