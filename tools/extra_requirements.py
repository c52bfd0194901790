"""Print the requirements of pyproject.toml extras, one per line, for `pip install -r FILE`.

    python tools/extra_requirements.py build-system test notebook

Each NAME is `build-system` (the [build-system] requires), an extra of pyproject.toml, or a
developer tool set kept in tools/requirements-NAME.txt (wheel, docs).

The Makefile installs only what a target needs into the project's virtual environment, from the
extras pyproject.toml declares (one list, not two). Python 3.10 has no tomllib, and the venv may
have nothing installed yet, so on 3.10 the [project.optional-dependencies] table is read with a
small parser that understands the subset used there: `name = ["req", ...]` over one or more lines.
"""
import ast
import os
import re
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
PYPROJECT = os.path.join(os.path.dirname(TOOLS), "pyproject.toml")


def optional_dependencies(text):
    """The extras, plus "build-system": the build requirements."""
    try:
        import tomllib
    except ImportError:
        tomllib = None
    if tomllib is not None:
        data = tomllib.loads(text)
        return {**data["project"].get("optional-dependencies", {}),
                "build-system": data["build-system"]["requires"]}
    return {**_table(text, "project.optional-dependencies"), "build-system": _table(text, "build-system")["requires"]}


def _table(text, name):
    section = re.search(r"^\[" + re.escape(name) + r"\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    if not section:
        return {}
    body = re.sub(r"#[^\n\"]*$", "", section.group(1), flags=re.M)  # comments outside strings
    return {m.group(1): ast.literal_eval(m.group(2))
            for m in re.finditer(r"^([A-Za-z0-9_.-]+)\s*=\s*(\[.*?\])\s*$", body, re.M | re.S)}


def main(argv):
    with open(PYPROJECT, encoding="utf-8") as f:
        extras = optional_dependencies(f.read())
    out = []
    for name in argv:
        path = os.path.join(TOOLS, f"requirements-{name}.txt")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                reqs = [ln.split("#")[0].strip() for ln in f]
        elif name in extras:
            reqs = extras[name]
        else:
            sys.exit(f"pyproject.toml has no extra {name!r} (has: {', '.join(sorted(extras))}) "
                     f"and there is no tools/requirements-{name}.txt")
        out += [r for r in reqs if r and r not in out]
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
