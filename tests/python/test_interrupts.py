"""Ctrl-C stops a long call: tokenize_many, analyze_many and cooccurrence over a large
iterable, and building a gazetteer of millions of aliases (compiling a million takes well under
a second), answer SIGINT with KeyboardInterrupt
within about a second, and leave the objects they were given usable (nothing half-written).

Each call runs in a child process that is sent SIGINT once the call has run for a moment; the
child reports how it ended and then checks that the library and the gazetteer still work.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

SANITIZED = os.environ.get("RELCORE_SANITIZE") == "1"
# Time from SIGINT to KeyboardInterrupt: the bound is one second of work; the wall clock on a
# shared machine adds scheduling delays, which the slack absorbs.
BOUND = 1.0
SLACK = 2.0 if not SANITIZED else 10.0

CHILD = textwrap.dedent("""
    import sys, relcore
    which = sys.argv[1]
    text = "Mr. Aliyev met the U.S. envoy in Baku. Azerbaijan and Armenia signed. " * 50
    g = relcore.Gazetteer([("Baku", "AZE-BAK"), ("Azerbaijan", "AZE"), ("Armenia", "ARM")])
    g.find("Baku")
    many = [text] * 2_000_000  # about 7 GB of text: minutes of work, never finished here

    def generated():
        while True:
            yield text

    if which == "compile":
        big = relcore.Gazetteer()
        entries = [("Name%07d" % i, "E%d" % i, None, None, None) for i in range(4_000_000)]
    calls = {
        "tokenize_many": lambda: sum(1 for _ in relcore.tokenize_many(many, threads=1)),
        "tokenize_many from a generator": lambda: sum(1 for _ in relcore.tokenize_many(generated(), threads=1)),
        "analyze_many": lambda: sum(1 for _ in relcore.analyze_many(many, gazetteer=g, threads=1)),
        "analyze_many threads=2": lambda: sum(1 for _ in relcore.analyze_many(many, gazetteer=g, threads=2)),
        "cooccurrence": lambda: relcore.cooccurrence(many, gazetteer=g),
        "compile": lambda: (big._add_many(entries), big.find("Name0000001")),
    }
    print("started", flush=True)
    try:
        calls[which]()
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    if which == "compile":  # the entries added before Ctrl-C, each whole
        n = len(big)
        assert 0 < n < 4_000_000 and len(big.entries()) == n
        assert [m.id for m in big.find("Name0000000")] == ["E0"]
    g.add("Oman", "OMN")
    assert [m.id for m in g.find("Baku and Oman")] == ["AZE-BAK", "OMN"]
    assert [t.text for t in relcore.tokenize("a b")] == ["a", "b"]
    assert len(list(relcore.tokenize_many(["a b", "c"]))) == 2
    print("usable", flush=True)
""")

CASES = ["tokenize_many", "tokenize_many from a generator", "analyze_many", "analyze_many threads=2", "cooccurrence",
         "compile"]


@pytest.mark.parametrize("which", CASES)
def test_ctrl_c_interrupts_a_long_call(which):
    if which == "cooccurrence":
        pytest.importorskip("pandas")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, which], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "started", proc.stderr.read()[-2000:]
        time.sleep(1.5)  # well inside the call
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        line = proc.stdout.readline().strip()
        elapsed = time.monotonic() - t0
        rest = proc.stdout.read().split()
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = proc.stderr.read()[-2000:]
    assert line == "interrupted", f"{which}: {line!r} {err}"
    assert elapsed < BOUND + SLACK, f"{which}: KeyboardInterrupt {elapsed:.2f} s after SIGINT"
    assert rest == ["usable"] and proc.returncode == 0, err
