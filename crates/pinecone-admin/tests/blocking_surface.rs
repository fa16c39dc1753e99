//! The blocking surface is complete: every public method of every async handle has a blocking
//! twin of the same name.
//!
//! The async side is read from the crate's source with `syn`: the handle types are what the
//! accessors in `src/client.rs` return, and their methods every `pub async fn`, and every
//! `pub fn` returning a `ListStream`, in an `impl` block of a handle type, wherever that block
//! lives; the blocking side from the `blocking_handle!` table in `src/blocking/handles.rs`.
//! The forwarding calls themselves already make the compiler check that each twin that exists
//! has the same arguments and return type.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The handle types: what the accessors of `Admin` in `src/client.rs` return (`fn x(&self) -> X`).
/// The blocking twins have the same names.
fn handle_types(client_rs: &Path) -> BTreeSet<String> {
    let parsed = syn::parse_file(&std::fs::read_to_string(client_rs).unwrap()).unwrap();
    let mut handles = BTreeSet::new();
    for item in parsed.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let syn::Type::Path(ty) = &*block.self_ty else {
            continue;
        };
        if !ty.path.is_ident("Admin") {
            continue;
        }
        for inner in block.items {
            let syn::ImplItem::Fn(f) = inner else {
                continue;
            };
            let only_self = f.sig.inputs.len() == 1 && f.sig.receiver().is_some();
            if let (true, syn::ReturnType::Type(_, ret)) = (only_self, &f.sig.output) {
                if let syn::Type::Path(ret) = &**ret {
                    handles.insert(ret.path.segments.last().unwrap().ident.to_string());
                }
            }
        }
    }
    handles
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn returns_list_stream(sig: &syn::Signature) -> bool {
    match &sig.output {
        syn::ReturnType::Type(_, ty) => match &**ty {
            syn::Type::Path(p) => p
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "ListStream"),
            _ => false,
        },
        syn::ReturnType::Default => false,
    }
}

/// Public async methods (and stream-returning methods) per async handle type.
fn async_methods(src: &Path, handles: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        if file.components().any(|c| c.as_os_str() == "blocking") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for item in parsed.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            if block.trait_.is_some() {
                continue;
            }
            let syn::Type::Path(ty) = &*block.self_ty else {
                continue;
            };
            let name = ty.path.segments.last().unwrap().ident.to_string();
            if !handles.contains(&name) {
                continue;
            }
            for inner in block.items {
                let syn::ImplItem::Fn(f) = inner else {
                    continue;
                };
                let public = matches!(f.vis, syn::Visibility::Public(_));
                if public && (f.sig.asyncness.is_some() || returns_list_stream(&f.sig)) {
                    methods
                        .entry(name.clone())
                        .or_default()
                        .insert(f.sig.ident.to_string());
                }
            }
        }
    }
    methods
}

/// Methods per blocking handle, read from the `blocking_handle!` invocations.
fn blocking_methods(handles_rs: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(handles_rs).unwrap();
    let parsed = syn::parse_file(&text).unwrap();
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in parsed.items {
        let syn::Item::Macro(m) = item else { continue };
        if !m.mac.path.is_ident("blocking_handle") {
            continue;
        }
        let tokens: Vec<tokens::Tok> = tokens::flatten(m.mac.tokens);
        let mut handle = None;
        for pair in tokens.windows(2) {
            match (&pair[0], &pair[1]) {
                (tokens::Tok::Ident(a), tokens::Tok::Ident(b))
                    if a == "struct" && handle.is_none() =>
                {
                    handle = Some(b.clone());
                }
                (tokens::Tok::Ident(a), tokens::Tok::Ident(b)) if a == "fn" => {
                    methods
                        .entry(handle.clone().expect("struct before fn"))
                        .or_default()
                        .insert(b.clone());
                }
                _ => {}
            }
        }
    }
    methods
}

/// Top-level tokens of a macro body, reduced to what the table needs: identifiers (a
/// parenthesised argument list is one token, which is all this walk needs).
mod tokens {
    pub enum Tok {
        Ident(String),
        Other,
    }

    pub fn flatten(stream: impl IntoIterator<Item = impl ToString>) -> Vec<Tok> {
        stream
            .into_iter()
            .map(|t| {
                let text = t.to_string();
                if text.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    Tok::Ident(text)
                } else {
                    Tok::Other
                }
            })
            .collect()
    }
}

#[test]
fn every_async_handle_method_has_a_blocking_twin() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let handles = handle_types(&root.join("src/client.rs"));
    assert_eq!(handles.len(), 7, "the seven handle accessors: {handles:?}");
    let asynchronous = async_methods(&root.join("src"), &handles);
    let blocking = blocking_methods(&root.join("src/blocking/handles.rs"));
    assert_eq!(
        asynchronous.keys().collect::<BTreeSet<_>>(),
        handles.iter().collect::<BTreeSet<_>>(),
        "every handle type has async methods in the source"
    );
    // The cleanup workflow alone adds `delete_with_cleanup` to `Projects` from another file.
    assert!(asynchronous["Projects"].contains("delete_with_cleanup"));
    assert!(
        asynchronous["Users"].contains("list"),
        "stream methods count too"
    );
    for (handle, methods) in &asynchronous {
        let twins = blocking.get(handle).cloned().unwrap_or_default();
        let missing: Vec<_> = methods.difference(&twins).collect();
        assert!(missing.is_empty(), "blocking::{handle} lacks {missing:?}");
        let extra: Vec<_> = twins.difference(methods).collect();
        assert!(
            extra.is_empty(),
            "blocking::{handle} has {extra:?} without an async twin"
        );
    }
}
