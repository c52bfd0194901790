"""Build relcore._core from csrc/<stage>/ and csrc/python/ against the system utf8proc (found with pkg-config)."""
import glob
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def pkg_config(*args):
    if not shutil.which("pkg-config"):
        return None
    try:
        out = subprocess.run(["pkg-config", *args, "libutf8proc"], check=True,
                             capture_output=True, text=True).stdout
    except subprocess.CalledProcessError:
        return None
    return out.split()


def utf8proc_flags():
    cflags, libs = pkg_config("--cflags"), pkg_config("--libs")
    if cflags is None or libs is None:
        sys.exit(
            "relcore needs the utf8proc C library and pkg-config to find it.\n"
            "On Debian or Ubuntu: apt-get install libutf8proc-dev pkg-config\n"
            "(`make test` and `make demo` install them for you.)")
    return cflags, libs


def sources():
    # Every C file of the core (one folder per stage) and of the binding; relative paths, as
    # setuptools wants.
    core = sorted(f for f in glob.glob("csrc/*/*.c", root_dir=HERE) if not f.startswith("csrc/python/"))
    binding = sorted(glob.glob("csrc/python/*.c", root_dir=HERE))
    return core + binding


cflags, libs = utf8proc_flags() if "egg_info" not in sys.argv and "dist_info" not in sys.argv else ([], [])
debug = os.environ.get("RELCORE_DEBUG") == "1"
extra_compile = ["-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter",
                 "-Wno-missing-field-initializers", "-fvisibility=hidden"]
extra_compile += ["-O0", "-g"] if debug else ["-O2"]
extra_compile += os.environ.get("RELCORE_EXTRA_CFLAGS", "").split()
extra_link = os.environ.get("RELCORE_EXTRA_LDFLAGS", "").split()

setup(
    ext_modules=[
        Extension(
            "relcore._core",
            sources=sources(),
            # Headers: a change to any of them rebuilds the module (setuptools has no dep scan).
            depends=sorted(glob.glob("include/*.h", root_dir=HERE) + glob.glob("csrc/**/*.h", root_dir=HERE, recursive=True)),
            include_dirs=["include", "csrc"],
            extra_compile_args=cflags + extra_compile,
            extra_link_args=libs + extra_link,
            libraries=["utf8proc"] if not libs else [],
        )
    ],
)
