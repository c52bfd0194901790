"""The machine line: CPU, cores, Python, OS, and the version of every library measured."""
from __future__ import annotations

import os
import platform
from importlib import metadata
from typing import Dict

DISTRIBUTIONS = {
    # library name used in rows -> distribution name to ask for its version
    "relcore": "relcore", "regex": "regex", "nltk": "nltk", "spacy": "spacy", "tokenizers": "tokenizers",
    "blingfire": "blingfire", "PyICU": "PyICU", "pysbd": "pysbd", "flashtext": "flashtext",
    "pyahocorasick": "pyahocorasick", "ahocorasick-rs": "ahocorasick_rs", "matplotlib": "matplotlib",
}


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions(rc=None) -> Dict[str, str]:
    out = {}
    for lib, dist in DISTRIBUTIONS.items():
        try:
            out[lib] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    if rc is not None:
        out["relcore"] = getattr(rc, "__version__", out.get("relcore", "?"))
    try:
        import icu
        out["ICU"] = icu.ICU_VERSION
    except Exception:
        pass
    import unicodedata
    out["unicodedata (UCD)"] = unicodedata.unidata_version
    if rc is not None:
        out["relcore (UCD)"] = rc.unicode_version
    return out


def describe(rc=None) -> Dict:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": affinity,
        "load_average": load,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{platform.system()} {platform.release()}",
        "libraries": versions(rc),
    }


def line(m: Dict) -> str:
    libs = ", ".join(f"{k} {v}" for k, v in sorted(m["libraries"].items(), key=lambda kv: kv[0].lower()))
    load = m.get("load_average")
    load_s = f"; load {load[0]:.2f}" if load else ""
    return (f"{m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable{load_s}); {m['python']}; "
            f"{m['os']}. Libraries: {libs}.")
