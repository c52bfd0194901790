"""Build relcore._core from csrc/<stage>/ and csrc/python/ against the system utf8proc (found with pkg-config).

RELCORE_STATIC_UTF8PROC=1 links utf8proc statically (Debian's libutf8proc.a) and hides its symbols,
so the wheel needs no libutf8proc.so at run time (`make wheel`). PKG_CONFIG names the pkg-config
program, as in other build systems.
"""
import glob
import os
import shutil
import subprocess
import sys

if sys.version_info < (3, 10):
    sys.exit(f"relcore needs Python 3.10 or newer (this is {sys.version.split()[0]}).")

from setuptools import Extension, setup  # noqa: E402  (after the version check, for its message)
from setuptools.command.build_ext import build_ext  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def pkg_config(*args):
    program = os.environ.get("PKG_CONFIG", "pkg-config")
    if not shutil.which(program):
        return None
    try:
        out = subprocess.run([program, *args, "libutf8proc"], check=True,
                             capture_output=True, text=True).stdout
    except (subprocess.CalledProcessError, OSError):
        return None
    return out.split()


MISSING = ("relcore needs the utf8proc C library (headers and library) and pkg-config to find it.\n"
           "On Debian or Ubuntu: apt-get install libutf8proc-dev pkg-config\n"
           "On Fedora: dnf install utf8proc-devel pkgconf; on macOS: brew install utf8proc pkg-config\n"
           "(`make test` and `make demo` install them for you; the wheels built by `make wheel`\n"
           "need none of this.)")


def utf8proc_flags():
    cflags, libs = pkg_config("--cflags"), pkg_config("--libs")
    if cflags is None or libs is None:
        sys.exit(MISSING)
    if os.environ.get("RELCORE_STATIC_UTF8PROC") == "1":
        libdir = (pkg_config("--variable=libdir") or [""])[0]
        archive = os.path.join(libdir, "libutf8proc.a")
        if not os.path.isfile(archive):
            sys.exit(f"RELCORE_STATIC_UTF8PROC=1: no static utf8proc library at {archive!r}.\n" + MISSING)
        # The archive's objects go into the module; --exclude-libs keeps its symbols private, so
        # another utf8proc loaded in the same process cannot clash with ours.
        libs = [a for a in libs if not a.startswith(("-l", "-L"))] + [archive, "-Wl,--exclude-libs,ALL"]
    return cflags, libs


def sources():
    # Every C file of the core (one folder per stage) and of the binding; relative paths, as
    # setuptools wants.
    core = sorted(f for f in glob.glob("csrc/*/*.c", root_dir=HERE) if not f.startswith("csrc/python/"))
    binding = sorted(glob.glob("csrc/python/*.c", root_dir=HERE))
    return core + binding + (["tests/faults/pyfaults.c"] if py_faults else [])


debug = os.environ.get("RELCORE_DEBUG") == "1"
extra_compile = ["-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter",
                 "-Wno-missing-field-initializers", "-fvisibility=hidden"]
extra_compile += ["-O0", "-g"] if debug else ["-O2"]
extra_compile += os.environ.get("RELCORE_EXTRA_CFLAGS", "").split()
# The binding's allocation-failure injection (`make faults`, `make sanitize`) is test code, kept in
# tests/faults/ and compiled in only when asked for.
py_faults = "-DRC_PY_FAULTS" in extra_compile
extra_link = os.environ.get("RELCORE_EXTRA_LDFLAGS", "").split()


class BuildExt(build_ext):
    """Finds utf8proc only when the extension is compiled (metadata and sdist need no C library)."""

    def build_extensions(self):
        if os.environ.get("RELCORE_STATIC_UTF8PROC") == "1":
            self.force = True  # relink even if a module built against the shared library is newer
        cflags, libs = utf8proc_flags()
        for ext in self.extensions:
            ext.extra_compile_args = cflags + ext.extra_compile_args
            ext.extra_link_args = libs + ext.extra_link_args
        super().build_extensions()


setup(
    cmdclass={"build_ext": BuildExt},
    ext_modules=[
        Extension(
            "relcore._core",
            sources=sources(),
            # Headers: a change to any of them rebuilds the module (setuptools has no dep scan).
            depends=sorted(glob.glob("include/*.h", root_dir=HERE) + glob.glob("csrc/**/*.h", root_dir=HERE, recursive=True)
                           + (glob.glob("tests/faults/*.h", root_dir=HERE) if py_faults else [])),
            include_dirs=["include", "csrc"] + (["tests/faults"] if py_faults else []),
            extra_compile_args=extra_compile,
            extra_link_args=extra_link,
        )
    ],
)
