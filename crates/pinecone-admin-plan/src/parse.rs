//! Reading a manifest: YAML syntax and types (unknown fields, unknown roles) in one pass, then
//! the cross-checks (duplicate names, dangling project references, empty role lists), every
//! problem with file, line and column.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use crate::manifest::{reset_ordinals, Manifest, MemberSpec, Name};

/// What a second, locating pass fails with; never shown to a user.
pub(crate) const LOCATE_MARKER: &str = "\u{0}locate";

/// One problem in a manifest, with its position (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line (1-based; 0 when unknown).
    pub line: usize,
    /// The column (1-based; 0 when unknown).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// A manifest that cannot be used: every problem found, each with file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// The file name as given.
    pub file: String,
    /// The problems, in document order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.file, p.line, p.column, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ManifestError {}

/// Reads and checks a manifest file.
///
/// ```no_run
/// let manifest = pinecone_admin_plan::parse_file("org.yaml".as_ref())?;
/// # Ok::<(), pinecone_admin_plan::ManifestError>(())
/// ```
pub fn parse_file(path: &Path) -> Result<Manifest, ManifestError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ManifestError {
        file: file.clone(),
        problems: vec![Problem {
            line: 0,
            column: 0,
            message: format!("cannot read: {e}"),
        }],
    })?;
    parse_str(&file, &text)
}

/// Parses and checks a manifest held in memory; `file` names it in errors.
///
/// ```
/// let err = pinecone_admin_plan::parse_str("org.yaml", "projects:\n  - name: a\n    colour: red\n")
///     .unwrap_err();
/// assert_eq!((err.problems[0].line, err.problems[0].column), (3, 5));
/// ```
pub fn parse_str(file: &str, text: &str) -> Result<Manifest, ManifestError> {
    reset_ordinals(None);
    let parsed: Result<Manifest, _> = serde_yaml_ng::from_str(text);
    reset_ordinals(None);
    let manifest = match parsed {
        Ok(m) => m,
        Err(e) if e.to_string().contains("EOF while parsing") || text.trim().is_empty() => {
            // An empty document is an empty manifest.
            if text.trim().is_empty() {
                Manifest::default()
            } else {
                return Err(yaml_error(file, &e));
            }
        }
        Err(e) => return Err(yaml_error(file, &e)),
    };
    let found = check(&manifest);
    if found.is_empty() {
        return Ok(manifest);
    }
    let problems = found
        .into_iter()
        .map(|(ordinal, message)| {
            let (line, column) = locate(text, ordinal);
            Problem {
                line,
                column,
                message,
            }
        })
        .collect();
    Err(ManifestError {
        file: file.to_owned(),
        problems,
    })
}

fn yaml_error(file: &str, e: &serde_yaml_ng::Error) -> ManifestError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let mut message = e.to_string();
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    ManifestError {
        file: file.to_owned(),
        problems: vec![Problem {
            line,
            column,
            message,
        }],
    }
}

/// Re-parses with the [`Name`] of `ordinal` failing, to learn its line and column.
fn locate(text: &str, ordinal: usize) -> (usize, usize) {
    reset_ordinals(Some(ordinal));
    let result: Result<Manifest, _> = serde_yaml_ng::from_str(text);
    reset_ordinals(None);
    match result {
        Err(e) => e.location().map_or((0, 0), |l| (l.line(), l.column())),
        Ok(_) => (0, 0),
    }
}

/// The cross-checks: `(ordinal of the offending name, message)`.
fn check(m: &Manifest) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    let mut projects = BTreeSet::new();
    for p in &m.projects {
        if !projects.insert(p.name.as_str()) {
            problems.push((p.name.ordinal(), format!("duplicate project `{}`", p.name)));
        }
        if p.max_pods < 0 {
            problems.push((p.name.ordinal(), "max_pods must not be negative".to_owned()));
        }
        let mut keys = BTreeSet::new();
        for k in &p.api_keys {
            if !keys.insert(k.name.as_str()) {
                problems.push((
                    k.name.ordinal(),
                    format!("duplicate API key `{}` in project `{}`", k.name, p.name),
                ));
            }
            if k.roles.is_empty() {
                problems.push((
                    k.name.ordinal(),
                    format!("API key `{}` needs at least one role", k.name),
                ));
            }
        }
    }
    let refs = |name: &Name, problems: &mut Vec<(usize, String)>| {
        if !projects.contains(name.as_str()) {
            problems.push((
                name.ordinal(),
                format!("project `{name}` is not defined in this manifest"),
            ));
        }
    };
    let mut accounts = BTreeSet::new();
    for sa in &m.service_accounts {
        if !accounts.insert(sa.name.as_str()) {
            problems.push((
                sa.name.ordinal(),
                format!("duplicate service account `{}`", sa.name),
            ));
        }
        for project in sa.project_roles.keys() {
            refs(project, &mut problems);
        }
    }
    let mut emails = BTreeSet::new();
    let mut members = |list: &[MemberSpec], kind: &str, problems: &mut Vec<(usize, String)>| {
        for member in list {
            let email = member.email.as_str().to_ascii_lowercase();
            if !email.contains('@') {
                problems.push((
                    member.email.ordinal(),
                    format!("`{email}` is not an email address"),
                ));
            }
            if !emails.insert(email.clone()) {
                problems.push((
                    member.email.ordinal(),
                    format!("`{email}` is listed more than once among users and invites"),
                ));
            }
            if member.organization_roles.is_empty() {
                problems.push((
                    member.email.ordinal(),
                    format!("{kind} `{email}` needs at least one organization role"),
                ));
            }
            for project in member.project_roles.keys() {
                refs(project, problems);
            }
        }
    };
    members(&m.users, "user", &mut problems);
    members(&m.invites, "invite", &mut problems);
    problems.sort_by_key(|(ordinal, _)| *ordinal);
    problems
}
