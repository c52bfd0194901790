"""The layering of the source tree (docs/ARCHITECTURE.md): no import cycle between the package's
modules, library modules never import the command line, no C file outside csrc/python/ includes
Python.h, each C stage includes only base/, gen/ and the stages below it, no include cycle, and no
cycle of calls between C files (from the symbols each object file defines and uses)."""
import ast
import glob
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PKG = os.path.join(ROOT, "python", "relcore")
CSRC = os.path.join(ROOT, "csrc")
# The stages, lowest first: a stage may include base/, gen/ and the stages before it.
STAGES = ["base", "gen", "normalize", "segment", "tokenize", "sentences", "gazetteer", "relations", "analysis"]
# Modules of the command line: the only ones that may import relcore.cli.
CLI_MODULES = {"cli", "__main__", "demo"}


def cycles(graph):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def test_cycle_finder_finds_cycles():
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert cycles({"a": ["b"], "b": []}) == []


def python_imports():
    mods = {f[:-3] for f in os.listdir(PKG) if f.endswith(".py")}
    known = mods | {"_core"}
    graph = {}
    for m in mods:
        tree = ast.parse(open(os.path.join(PKG, m + ".py"), encoding="utf-8").read())
        deps = set()
        for node in ast.walk(tree):  # function-level imports count too: they are the same edge
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    deps.add(node.module.split(".")[0])
                else:
                    deps |= {a.name if a.name in known else "__init__" for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("relcore"):
                parts = node.module.split(".")
                deps.add(parts[1] if len(parts) > 1 else "__init__")
            elif isinstance(node, ast.Import):
                for a in node.names:
                    parts = a.name.split(".")
                    if parts[0] == "relcore":
                        deps.add(parts[1] if len(parts) > 1 else "__init__")
        deps.discard(m)
        graph[m] = sorted(deps)
    return graph


def test_no_python_import_cycles():
    assert cycles(python_imports()) == []


def test_library_modules_do_not_import_the_command_line():
    offenders = [m for m, deps in python_imports().items() if "cli" in deps and m not in CLI_MODULES]
    assert offenders == []


def c_files():
    """The C files of csrc/<stage>/, and the binding's generated glue (csrc/gen/python/*.c.h)."""
    return sorted(glob.glob(os.path.join(CSRC, "*", "*.[ch]")) + glob.glob(os.path.join(CSRC, "gen", "python", "*.h")))


def includes(path):
    return re.findall(r'^\s*#\s*include\s+[<"]([^">]+)[">]', open(path, encoding="utf-8").read(), re.M)


def test_python_h_only_in_the_binding():
    offenders = [os.path.relpath(f, ROOT) for f in c_files()
                 if not f.startswith(os.path.join(CSRC, "python") + os.sep)
                 and any(i in ("Python.h", "python/binding.h") or i.startswith("python/") for i in includes(f))]
    assert offenders == []


def test_stages_include_only_lower_stages():
    bad = []
    for f in c_files():
        stage = os.path.basename(os.path.dirname(f))
        if stage == "python":
            continue
        for inc in includes(f):
            target = inc.split("/")[0] if "/" in inc else None
            if target is None or target not in STAGES:
                continue
            if STAGES.index(target) > STAGES.index(stage):
                bad.append(f"{os.path.relpath(f, ROOT)} includes {inc}")
    assert bad == []


def test_no_include_cycles():
    graph = {}
    for f in c_files():
        rel = os.path.relpath(f, CSRC)
        graph[rel] = []
        for inc in includes(f):
            for cand in (inc, os.path.join(os.path.dirname(rel), inc)):
                if os.path.exists(os.path.join(CSRC, cand)):
                    graph[rel].append(os.path.normpath(cand))
                    break
    assert cycles(graph) == []


@pytest.mark.skipif(not shutil.which("cc") or not shutil.which("nm") or not shutil.which("pkg-config"),
                    reason="needs a C compiler, nm and pkg-config")
def test_no_call_cycles_between_c_files(tmp_path):
    """Each core C file is compiled alone; a file that uses a symbol another defines depends on it.
    A cycle means two files call each other (directly or round about): one job split in two."""
    cflags = subprocess.run(["pkg-config", "--cflags", "libutf8proc"], capture_output=True, text=True).stdout.split()
    defines, uses = {}, {}
    for src in sorted(glob.glob(os.path.join(CSRC, "*", "*.c"))):
        rel = os.path.relpath(src, CSRC)
        if rel.startswith("python" + os.sep):
            continue
        obj = tmp_path / (rel.replace(os.sep, "_") + ".o")
        subprocess.run(["cc", "-std=c11", "-O0", "-c", src, "-o", str(obj), "-I" + os.path.join(ROOT, "include"),
                        "-I" + CSRC, *cflags], check=True)
        syms = subprocess.run(["nm", str(obj)], capture_output=True, text=True, check=True).stdout.splitlines()
        defines[rel] = {s.split()[2] for s in syms if len(s.split()) == 3 and s.split()[1] in "TDRB"}
        uses[rel] = {s.split()[1] for s in syms if len(s.split()) == 2 and s.split()[0] == "U"}
    owner = {s: f for f, ss in defines.items() for s in ss}
    graph = {f: sorted({owner[s] for s in uses[f] if s in owner and owner[s] != f}) for f in defines}
    assert graph["tokenize/tokenize.c"], "the dependency graph should not be empty"
    assert cycles(graph) == []
