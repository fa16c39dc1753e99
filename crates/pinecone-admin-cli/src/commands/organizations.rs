//! `organizations list|describe|update|delete`.

use pinecone_admin::{Organization, UpdateOrganization};

use super::Ctx;
use crate::cli::OrgCmd;
use crate::errors::{CliError, EXIT_OK};
use crate::output::{time, Tabular};

impl Tabular for Organization {
    fn headers() -> Vec<&'static str> {
        vec![
            "ID",
            "NAME",
            "PLAN",
            "PAYMENT STATUS",
            "SUPPORT TIER",
            "CREATED",
        ]
    }
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.plan.clone(),
            self.payment_status.clone(),
            self.support_tier.clone(),
            time(&self.created_at),
        ]
    }
}

pub async fn run(ctx: &Ctx, cmd: OrgCmd) -> Result<u8, CliError> {
    match cmd {
        OrgCmd::List => {
            let orgs = ctx.admin().await?.organizations().list().await?;
            ctx.out.list(&orgs, "organizations")?;
        }
        OrgCmd::Describe { id } => {
            let org = ctx.admin().await?.organizations().describe(&id).await?;
            ctx.out.one(&org)?;
        }
        OrgCmd::Update { id, name } => {
            let org = ctx
                .admin()
                .await?
                .organizations()
                .update(&id, UpdateOrganization::new().name(name))
                .await?;
            ctx.out.one(&org)?;
        }
        OrgCmd::Delete { id } => {
            ctx.confirm(&format!("delete organization {id}"))?;
            ctx.admin().await?.organizations().delete(&id).await?;
            return ctx.deleted("organization", &id);
        }
    }
    Ok(EXIT_OK)
}
