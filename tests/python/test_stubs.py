"""Typing and help(): the extension's stub declares every public name of relcore._core, and
every public name of relcore has a docstring.

The stub is also the source of the binding's glue (tools/gen_binding.py): the docstring signatures
of the generated callables are the stub's by construction, and the checks below guard the
generator. What generation cannot vouch for is checked on the real
module: every keyword and positional form each signature allows is accepted and the others refused,
and sample calls return values of the declared types."""
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


# ---- signatures: the stub, the docstring signatures and the binding's argument parsing agree ----

import typing  # noqa: E402

import pytest  # noqa: E402

from relcore._tokens import Span, Token  # noqa: E402

KINDS = {"posonly": inspect.Parameter.POSITIONAL_ONLY, "args": inspect.Parameter.POSITIONAL_OR_KEYWORD,
         "kwonly": inspect.Parameter.KEYWORD_ONLY}


def stub_tree():
    return ast.parse(open(STUB, encoding="utf-8").read())


def stub_namespace():
    """What the stub's annotations refer to: typing names, the real classes, the stub's aliases."""
    ns = {name: getattr(typing, name) for name in typing.__all__}
    ns.update(Span=Span, Token=Token, os=os)
    ns.update({n: getattr(core, n) for n in dir(core) if inspect.isclass(getattr(core, n))})
    for node in stub_tree().body:
        if isinstance(node, ast.Assign):
            exec(compile(ast.Module([node], []), STUB, "exec"), ns)
    return ns


def stub_callables():
    """{qualified name: FunctionDef} for the stub's functions and methods (not properties, not
    overloads, not dunders other than __init__)."""
    out = {}
    for node in stub_tree().body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for f in node.body:
                if not isinstance(f, ast.FunctionDef):
                    continue
                decos = {ast.unparse(d) for d in f.decorator_list}
                if decos & {"property", "overload"}:
                    continue
                if f.name.startswith("__") and f.name != "__init__":
                    continue
                out[f"{node.name}.{f.name}"] = f
    return out


def stub_properties():
    out = {}
    for node in stub_tree().body:
        if isinstance(node, ast.ClassDef):
            for f in node.body:
                if isinstance(f, ast.FunctionDef) and "property" in {ast.unparse(d) for d in f.decorator_list}:
                    out[f"{node.name}.{f.name}"] = f
    return out


def stub_params(fn, is_method):
    """[(name, kind, default)] of a stub FunctionDef; default is inspect.Parameter.empty or a value."""
    a = fn.args
    params = []
    positional = [(p, "posonly") for p in a.posonlyargs] + [(p, "args") for p in a.args]
    defaults = [inspect.Parameter.empty] * (len(positional) - len(a.defaults)) + \
        [ast.literal_eval(d) for d in a.defaults]
    for (p, kind), d in zip(positional, defaults):
        params.append((p.arg, KINDS[kind], d))
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        params.append((p.arg, KINDS["kwonly"], inspect.Parameter.empty if d is None else ast.literal_eval(d)))
    if is_method:
        params = params[1:]  # self / cls
    return params


def real_params(sig):
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


def conforms(value, ann, ns):
    """Whether value is of the (evaluated) annotation ann: a small runtime checker for the forms
    the stub uses."""
    if isinstance(ann, str):
        ann = eval(ann, ns)
    if isinstance(ann, typing.ForwardRef):
        ann = eval(ann.__forward_arg__, ns)
    if ann is typing.Any:
        return True
    if ann is None or ann is type(None):
        return value is None
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if origin is typing.Union:
        return any(conforms(value, a, ns) for a in args)
    if origin in (list, typing.List):
        return isinstance(value, list) and all(conforms(v, args[0], ns) for v in value)
    if origin in (tuple, typing.Tuple):
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(conforms(v, args[0], ns) for v in value)
        return len(value) == len(args) and all(conforms(v, a, ns) for v, a in zip(value, args))
    if origin in (dict, typing.Dict):
        return isinstance(value, dict) and all(conforms(k, args[0], ns) and conforms(v, args[1], ns)
                                               for k, v in value.items())
    if origin is not None:
        return isinstance(value, origin)
    return isinstance(value, ann)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """For every stub callable: (the callable, {parameter: sample value}). A new function in the
    stub needs a sample here."""
    tmp = tmp_path_factory.mktemp("stubs")
    text_file = tmp / "speech.txt"
    text_file.write_text("Azerbaijan and Armenia met in Baku. Russia objected.", encoding="utf-8")

    entries = [(alias, id_, "country") for alias, id_ in
               [("Azerbaijan", "AZE"), ("Baku", "AZE"), ("Armenia", "ARM"), ("Russia", "RUS")]]

    def gaz():
        b = core.GazetteerBuilder()
        for entry in entries:
            b.add(*entry)
        return b.compile()

    counter = core.Counter(gaz(), 0)
    counter.feed(("Azerbaijan and Armenia.",), 1, False, False)
    toks = core.tokenize("The U.S. and Baku.")
    texts = ["Azerbaijan and Armenia met in Baku.", "Russia and Armenia."]
    stream = core.analyze_stream(gaz(), 2, 8)  # eight documents to get
    for t in texts * 4:
        core.analyze_put(stream, t)
    return {
        "normalize": (core.normalize, {"text": "Straße", "form": "NFKC", "casefold": True}),
        "normalize_map": (core.normalize_map, {"text": "Straße", "form": "NFKC", "casefold": True}),
        "segment": (core.segment, {"text": "a b.", "kind": "word"}),
        "tokenize": (core.tokenize, {"text": "The U.S. and Baku.", "mode": "words"}),
        "tokenize_many": (core.tokenize_many, {"texts": texts, "threads": 1}),
        "sentences": (core.sentences, {"text": "Mr. Smith left. It rained.", "mode": "text"}),
        "Tokens.texts": (toks.texts, {}),
        "Match.__init__": (core.Match, {"start": 0, "end": 4, "id": "AZE", "kind": "country",
                                        "text": "Baku", "alias": "Baku"}),
        "Match._asdict": (gaz().find("Baku")[0]._asdict, {}),
        "CompiledGazetteer.find": (gaz().find, {"text": "Baku and Armenia", "overlapping": False}),
        "GazetteerBuilder.__init__": (core.GazetteerBuilder, {"compiled": gaz()}),
        "GazetteerBuilder.add": (core.GazetteerBuilder().add, {"alias": "Baku", "id": "AZE", "kind": "city",
                                                               "case_sensitive": None, "lang": "en", "form": None}),
        "GazetteerBuilder.compile": (core.GazetteerBuilder(gaz()).compile, {}),
        "GazetteerBuilder._add_lang_row": (core.GazetteerBuilder()._add_lang_row, {"row": "lang\txx\t0\t0"}),
        "GazetteerBuilder._set_meta": (core.GazetteerBuilder()._set_meta, {"meta": "a note"}),
        "CompiledGazetteer._entry": (gaz()._entry, {"i": 1}),
        "CompiledGazetteer._image": (gaz()._image, {}),
        "CompiledGazetteer._from_image": (core.CompiledGazetteer._from_image, {"source": gaz()._image()}),
        "CompiledGazetteer._meta": (gaz()._meta, {}),
        "Counter.__init__": (core.Counter, {"gazetteer": gaz(), "window": 3}),
        "Counter.feed": (core.Counter(gaz(), 1).feed, {"items": tuple(texts), "threads": 1, "per_doc": True,
                                                       "files": False}),
        "Counter.totals": (counter.totals, {"form": 1}),
        "Counter.add_table": (core.Counter(gaz(), 1).add_table, {"table": counter.totals(2)}),
        "Counter.stats": (counter.stats, {}),
        "analyze": (core.analyze, {"text": texts[0], "gazetteer": gaz(), "tokens": False}),
        "analyze_stream": (core.analyze_stream, {"gazetteer": gaz(), "threads": 2, "window": 4, "tokens": False}),
        "analyze_put": (core.analyze_put, {"stream": core.analyze_stream(gaz(), 1, 8), "text": texts[0]}),
        "analyze_get": (core.analyze_get, {"stream": stream}),
        "Document.pairs": (core.analyze(texts[0], gaz()).pairs, {"window": 0}),
    }


def test_every_stub_callable_has_a_sample(samples):
    assert sorted(stub_callables()) == sorted(samples)


@pytest.mark.parametrize("name", sorted(stub_callables()))
def test_stub_parameters_equal_docstring_signature(name, samples):
    fn, _ = samples[name]
    stub = stub_params(stub_callables()[name], is_method="." in name)
    try:
        sig = inspect.signature(fn)
    except ValueError:
        pytest.fail(f"{name}: no signature (its docstring needs a 'name(...)\\n--\\n\\n' first line)")
    assert real_params(sig) == stub, f"{name}: stub and docstring signature differ"


def call(fn, params, sample, keyword_from=None):
    """Calls fn with the sample: positional-only by position, keyword-only by keyword, the others by
    position up to the parameter named keyword_from and by keyword from there."""
    args, kwargs, by_kw = [], {}, False
    for name, kind, _ in params:
        if name == keyword_from:
            by_kw = True
        if name not in sample:
            by_kw = True  # after a skipped optional parameter only keywords can follow
            continue
        if kind == inspect.Parameter.KEYWORD_ONLY or (kind == inspect.Parameter.POSITIONAL_OR_KEYWORD and by_kw):
            kwargs[name] = sample[name]
        else:
            args.append(sample[name])
    return fn(*args, **kwargs)


@pytest.mark.parametrize("name", sorted(stub_callables()))
def test_binding_accepts_exactly_the_declared_forms(name, samples):
    """What the signature says is what argument parsing does: keyword for positional-or-keyword
    parameters, no keyword for positional-only ones, no position for keyword-only ones."""
    fn, sample = samples[name]
    params = real_params(inspect.signature(fn))
    assert {p for p, _, _ in params} >= set(sample), f"{name}: sample names unknown parameters"
    call(fn, params, sample)
    for i, (pname, kind, _) in enumerate(params):
        if pname not in sample:
            continue
        if kind == inspect.Parameter.POSITIONAL_OR_KEYWORD:
            call(fn, params, sample, keyword_from=pname)  # must not raise
        elif kind == inspect.Parameter.POSITIONAL_ONLY:
            args = [sample[p] for p, _, _ in params[:i] if p in sample]
            with pytest.raises(TypeError):
                fn(*args, **{pname: sample[pname]})
        elif kind == inspect.Parameter.KEYWORD_ONLY:
            positional = [sample[p] for p, k, _ in params if k != inspect.Parameter.KEYWORD_ONLY and p in sample]
            with pytest.raises(TypeError):
                fn(*positional, sample[pname])


@pytest.mark.parametrize("name", sorted(stub_callables()))
def test_return_matches_stub(name, samples):
    fn, sample = samples[name]
    node = stub_callables()[name]
    ns = stub_namespace()
    result = call(fn, real_params(inspect.signature(fn)), sample)
    if name.endswith(".__init__"):
        cls = getattr(core, name.split(".")[0])
        assert isinstance(result, cls)
        return
    ann = eval(ast.unparse(node.returns), ns) if node.returns else typing.Any
    assert conforms(result, ann, ns), f"{name} returned {result!r}, the stub says {ast.unparse(node.returns)}"


def test_properties_match_stub(samples):
    ns = stub_namespace()
    instances = {
        "Tokens": core.tokenize("The U.S. and Baku."),
        "Match": samples["Match.__init__"][0](**samples["Match.__init__"][1]),
        "Document": samples["Document.pairs"][0].__self__,
        "CompiledGazetteer": samples["CompiledGazetteer._meta"][0].__self__,
    }
    for name, node in stub_properties().items():
        cls, attr = name.split(".")
        value = getattr(instances[cls], attr)
        assert conforms(value, eval(ast.unparse(node.returns), ns), ns), f"{name} = {value!r}"
