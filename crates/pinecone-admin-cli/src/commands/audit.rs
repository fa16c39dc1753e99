//! `audit`: a read-only access review (see `pinecone_admin::audit`).

use clap::{Args, ValueEnum};
use pinecone_admin::audit::{AuditOptions, Finding, Principal, Severity};

use super::Ctx;
use crate::errors::{CliError, EXIT_OK, EXIT_USAGE};
use crate::output::{joined, Tabular};

/// `audit ...`
#[derive(Debug, Args)]
#[command(after_help = "\
Findings: service accounts holding OrgOwner (high), leftover temporary cleanup keys (high),
API keys with ProjectEditor (medium), invites open past their expiry (medium), role bindings
naming a missing principal or project (medium), invites pending longer than
--invite-max-age-days (low), projects with no API key and no role binding (low).
With --fail-on, exits 2 when a finding reaches that severity (a CI gate).")]
pub struct AuditArgs {
    /// Exit 2 when a finding of this severity or worse exists.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Report pending invites older than this many days.
    #[arg(long, default_value_t = 30)]
    pub invite_max_age_days: u32,
}

/// `--fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any finding.
    Low,
    /// Medium or high.
    Medium,
    /// High only.
    High,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Low => Severity::Low,
            FailOn::Medium => Severity::Medium,
            FailOn::High => Severity::High,
        }
    }
}

impl Tabular for Principal {
    fn headers() -> Vec<&'static str> {
        vec!["TYPE", "ID", "NAME", "ORG ROLES", "PROJECT ROLES"]
    }
    fn row(&self) -> Vec<String> {
        let projects: Vec<String> = self
            .project_roles
            .iter()
            .map(|(project, roles)| format!("{project}: {}", roles.join(", ")))
            .collect();
        vec![
            self.principal_type.as_str().to_owned(),
            self.id.clone(),
            self.name.clone(),
            joined(&self.organization_roles),
            if projects.is_empty() {
                "-".to_owned()
            } else {
                projects.join("\n")
            },
        ]
    }
}

impl Tabular for Finding {
    fn headers() -> Vec<&'static str> {
        vec!["SEVERITY", "FINDING", "SUBJECT", "DETAIL"]
    }
    fn row(&self) -> Vec<String> {
        let kind = serde_json::to_value(self.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        vec![
            self.severity.as_str().to_owned(),
            kind,
            self.subject.clone(),
            self.message.clone(),
        ]
    }
}

pub async fn run(ctx: &Ctx, args: AuditArgs) -> Result<u8, CliError> {
    let options = AuditOptions {
        invite_max_age: chrono::Duration::days(i64::from(args.invite_max_age_days)),
        now: None,
    };
    let report = ctx.admin().await?.audit(&options).await?;
    if ctx.out.is_json() {
        ctx.out.json(&report)?;
    } else {
        ctx.out.list(&report.principals, "principals")?;
        ctx.out.line("")?;
        ctx.out.list(&report.findings, "findings")?;
    }
    let failed = match (args.fail_on, report.worst()) {
        (Some(threshold), Some(worst)) => worst >= Severity::from(threshold),
        _ => false,
    };
    if failed {
        eprintln!(
            "audit: a finding reaches --fail-on {}",
            Severity::from(args.fail_on.unwrap_or(FailOn::Low)).as_str()
        );
        return Ok(EXIT_USAGE);
    }
    Ok(EXIT_OK)
}
