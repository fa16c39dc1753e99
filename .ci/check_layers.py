#!/usr/bin/env python3
"""Checks the module layers of crates/pinecone-admin (see docs/facade-internals.md).

Reads every `.rs` file under crates/pinecone-admin/src, collects the `crate::<module>` paths
it uses (comments and string literals aside), and fails when
  * a module uses a module of a higher layer (an edge pointing up), or
  * the top-level modules import each other in a cycle.
Names re-exported at the crate root (`crate::Admin`) count as their defining module, read from
the `pub use module::{...}` lines of lib.rs. No dependencies beyond python3.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "crates" / "pinecone-admin" / "src"

# Bottom to top. A module may use its own layer (without a cycle) and any layer below.
LAYERS = [
    ["error", "secret", "clock"],
    ["config", "validate", "retry"],
    ["auth"],
    ["transport"],
    ["admin", "models", "pagination"],
    ["organizations", "projects", "api_keys", "users", "invites", "service_accounts",
     "role_bindings", "control"],
    ["client", "access_token"],
    ["workflows", "audit"],
    ["blocking"],
]
LAYER_OF = {m: i for i, layer in enumerate(LAYERS) for m in layer}


def strip(text):
    """Drops comments, string and char literals, keeping line structure."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return text


def top_module(path):
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".rs")


def root_reexports(lib):
    """Maps names re-exported at the crate root to their module."""
    names = {}
    for m in re.finditer(r"pub use (\w+)::(\{[^}]*\}|\w+)\s*;", strip(lib)):
        module, items = m.group(1), m.group(2)
        for item in re.findall(r"\w+", items):
            names[item] = module
    return names


def crate_refs(text):
    """Yields the first segment(s) of every `crate::` path, expanding `use crate::{a, b::c}`."""
    for m in re.finditer(r"\bcrate::(\{[^;]*?\}|\w+)", text):
        body = m.group(1)
        if body.startswith("{"):
            depth, seg, parts = 0, "", []
            for ch in body[1:-1]:
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                if ch == "," and depth == 0:
                    parts.append(seg)
                    seg = ""
                else:
                    seg += ch
            parts.append(seg)
            for part in parts:
                first = re.match(r"\s*(\w+)", part)
                if first:
                    yield first.group(1)
        else:
            yield body


def main():
    lib = (SRC / "lib.rs").read_text()
    reexports = root_reexports(lib)
    edges = {}
    problems = []
    for path in sorted(SRC.rglob("*.rs")):
        if path.name == "lib.rs" and path.parent == SRC:
            continue
        src = top_module(path)
        if src not in LAYER_OF:
            problems.append(f"{path.relative_to(ROOT)}: module `{src}` has no layer in .ci/check_layers.py")
            continue
        for name in crate_refs(strip(path.read_text())):
            dst = reexports.get(name, name)
            if dst == src or dst not in LAYER_OF:
                continue
            edges.setdefault(src, set()).add(dst)
            if LAYER_OF[dst] > LAYER_OF[src]:
                problems.append(
                    f"{path.relative_to(ROOT)}: `{src}` (layer {LAYER_OF[src]}) uses "
                    f"`crate::{name}` of `{dst}` (layer {LAYER_OF[dst]}), a higher layer"
                )
    # Cycle search (depth-first, colours).
    state, stack = {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                problems.append("import cycle: " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    for p in sorted(set(problems)):
        print(p)
    if problems:
        print(f"check_layers: {len(set(problems))} problem(s)")
        return 1
    print(f"check_layers: {len(edges)} modules, {sum(map(len, edges.values()))} edges, no cycle, no upward edge")
    return 0


if __name__ == "__main__":
    sys.exit(main())
