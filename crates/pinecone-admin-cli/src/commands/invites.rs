//! `invites list|create|describe|delete|resend`.

use pinecone_admin::{CreateInvite, Invite};

use super::{collect, Ctx};
use crate::cli::InviteCmd;
use crate::errors::{CliError, EXIT_OK};
use crate::output::{time, Tabular};

impl Tabular for Invite {
    fn headers() -> Vec<&'static str> {
        vec!["ID", "EMAIL", "STATUS", "EXPIRES", "PROCESSED", "CREATED"]
    }
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.email.clone(),
            self.status.to_string(),
            time(&self.expires_at),
            time(&self.processed_at),
            time(&self.created_at),
        ]
    }
}

pub async fn run(ctx: &Ctx, cmd: InviteCmd) -> Result<u8, CliError> {
    match cmd {
        InviteCmd::List { limit } => {
            let invites = collect(ctx.admin().await?.invites().list(), limit).await?;
            ctx.out.list(&invites, "invites")?;
        }
        InviteCmd::Create {
            email,
            org_role,
            project_roles,
        } => {
            let mut request = CreateInvite::new(email).organization_role(org_role);
            for (project_id, role) in project_roles {
                request = request.project_role(project_id, role);
            }
            let invite = ctx.admin().await?.invites().create(request).await?;
            ctx.out.one(&invite)?;
        }
        InviteCmd::Describe { id } => {
            let invite = ctx.admin().await?.invites().describe(&id).await?;
            ctx.out.one(&invite)?;
        }
        InviteCmd::Delete { id } => {
            ctx.confirm(&format!("cancel invite {id}"))?;
            ctx.admin().await?.invites().delete(&id).await?;
            return ctx.deleted("invite", &id);
        }
        InviteCmd::Resend { id } => {
            let invite = ctx.admin().await?.invites().resend(&id).await?;
            ctx.out.one(&invite)?;
        }
    }
    Ok(EXIT_OK)
}
