//! `generated/ops.rs`: per spec, one constant per operation (id, method, path template) and an
//! `ALL` slice, so callers name operations by constants derived from the spec. A renamed or
//! removed operation then fails to compile at the call site instead of mislabelling spans.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{bail, Result};

use crate::codegen::BANNER;

/// The HTTP methods the table can hold, as the generated `Method` variants.
const METHODS: [(&str, &str); 5] = [
    ("get", "Get"),
    ("post", "Post"),
    ("put", "Put"),
    ("patch", "Patch"),
    ("delete", "Delete"),
];

/// One operation of a (normalised) spec.
#[derive(Debug, Clone)]
pub struct OpInfo {
    pub id: String,
    /// Lowercase, as in the spec (`get`, `post`, ...).
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
}

/// The operations of `spec`, in spec order (normalisation sorts the paths).
pub fn collect(spec: &openapiv3::OpenAPI) -> Result<Vec<OpInfo>> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let Some(item) = item.as_item() else {
            bail!("path {path}: `$ref` path items are not supported");
        };
        for (method, op) in item.iter() {
            let Some(id) = op.operation_id.clone() else {
                bail!("{} {path}: no operationId", method.to_uppercase());
            };
            if !METHODS.iter().any(|(m, _)| *m == method) {
                bail!("{id}: method {method} has no `Method` variant (extend xtask/src/ops.rs)");
            }
            out.push(OpInfo {
                id,
                method: method.to_string(),
                path: path.clone(),
                summary: op.summary.clone(),
            });
        }
    }
    Ok(out)
}

/// `fetch_project` → `FETCH_PROJECT`, `listAPIKeys` → `LIST_API_KEYS`, `delete-key` → `DELETE_KEY`.
pub fn const_name(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 && !out.ends_with('_') {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_uppercase());
    }
    let out = out.trim_end_matches('_').to_string();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("OP_{out}")
    } else {
        out
    }
}

/// The text of `generated/ops.rs` (before rustfmt) for `(module, spec file, operations)`.
pub fn render(modules: &[(&str, &str, &[OpInfo])]) -> Result<String> {
    let mut s = String::new();
    writeln!(s, "{BANNER}")?;
    writeln!(
        s,
        "// Source: every openapi/*.oas.yaml file (after xtask/src/normalize.rs)."
    )?;
    writeln!(s)?;
    s.push_str(HEADER);
    for (module, spec_file, ops) in modules {
        let mut names: BTreeMap<String, &str> = BTreeMap::new();
        writeln!(s)?;
        writeln!(
            s,
            "/// The {} operation(s) of [`crate::{module}`], from `openapi/{spec_file}`.",
            ops.len()
        )?;
        writeln!(s, "pub mod {module} {{")?;
        writeln!(s, "    use super::{{Method, Operation}};")?;
        for op in ops.iter() {
            let name = const_name(&op.id);
            if name.is_empty() || name == "ALL" {
                bail!(
                    "{spec_file}: operation id {:?} gives no usable constant",
                    op.id
                );
            }
            if let Some(prev) = names.insert(name.clone(), &op.id) {
                bail!(
                    "{spec_file}: operation ids {prev:?} and {:?} both give the constant {name}",
                    op.id
                );
            }
            let variant = METHODS
                .iter()
                .find(|(m, _)| *m == op.method)
                .map(|(_, v)| *v)
                .unwrap_or("Get");
            writeln!(s)?;
            writeln!(
                s,
                "    /// `{} {}`{}",
                op.method.to_uppercase(),
                op.path,
                summary_suffix(op.summary.as_deref())
            )?;
            writeln!(
                s,
                "    pub const {name}: Operation = Operation {{ id: {:?}, method: Method::{variant}, path: {:?} }};",
                op.id, op.path
            )?;
        }
        writeln!(s)?;
        writeln!(s, "    /// Every operation above, in spec order.")?;
        write!(s, "    pub const ALL: &[Operation] = &[")?;
        for op in ops.iter() {
            write!(s, "{}, ", const_name(&op.id))?;
        }
        writeln!(s, "];")?;
        writeln!(s, "}}")?;
    }
    Ok(s)
}

/// `: <first line of the summary>`, with characters rustdoc could misread escaped.
fn summary_suffix(summary: Option<&str>) -> String {
    let Some(line) = summary.and_then(|s| s.lines().map(str::trim).find(|l| !l.is_empty())) else {
        return String::new();
    };
    let escaped: String = line
        .chars()
        .flat_map(|c| match c {
            '[' | ']' | '<' | '>' | '`' | '*' | '_' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!(": {escaped}")
}

/// The fixed part of `ops.rs`: the `Method` and `Operation` types.
const HEADER: &str = r#"//! The operations of every generated client, named after their operation ids.
//!
//! One module per spec, with one [`Operation`] constant per operation id (`fetch_project` →
//! [`admin::FETCH_PROJECT`]) and an `ALL` slice in spec order. A caller that labels its
//! requests (spans, retries, error messages) with these constants fails to compile when a new
//! spec renames or removes the operation, instead of silently using a stale path.
//!
//! ```
//! use admin_api_raw::ops::{self, Method};
//!
//! let op = ops::admin::FETCH_PROJECT;
//! assert_eq!(op.id, "fetch_project");
//! assert_eq!(op.method, Method::Get);
//! assert_eq!(op.path, "/admin/projects/{project_id}");
//! assert!(ops::admin::ALL.contains(&op));
//! ```

use std::fmt;

/// The HTTP method of an [`Operation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as sent on the wire, e.g. `"GET"`.
    ///
    /// ```
    /// assert_eq!(admin_api_raw::ops::Method::Patch.as_str(), "PATCH");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of a spec: its id, HTTP method and path template.
///
/// The path is the spec's template (`/admin/projects/{project_id}`), relative to the client's
/// base URL, with no ids filled in (so it is safe as a low-cardinality label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The spec's `operationId`, which is also the generated client's method name.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template.
    pub path: &'static str,
}

impl fmt::Display for Operation {
    /// `fetch_project (GET /admin/projects/{project_id})`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.id, self.method, self.path)
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::const_name;

    #[test]
    fn constant_names() {
        assert_eq!(const_name("fetch_project"), "FETCH_PROJECT");
        assert_eq!(const_name("listAPIKeys"), "LIST_API_KEYS");
        assert_eq!(const_name("getToken"), "GET_TOKEN");
        assert_eq!(const_name("delete-key"), "DELETE_KEY");
        assert_eq!(const_name("delete1"), "DELETE1");
        assert_eq!(const_name("2fa"), "OP_2FA");
    }
}
