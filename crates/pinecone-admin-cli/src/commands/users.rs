//! `users list|describe|delete` (by id or `--email`).

use pinecone_admin::{Admin, User, UserFilter};

use super::{collect, Ctx};
use crate::cli::{UserCmd, UserSelector};
use crate::errors::{CliError, EXIT_OK};
use crate::output::{opt, Tabular};

impl Tabular for User {
    fn headers() -> Vec<&'static str> {
        vec!["ID", "EMAIL", "NAME"]
    }
    fn row(&self) -> Vec<String> {
        vec![self.id.clone(), self.email.clone(), opt(&self.name)]
    }
}

/// The user a selector names: by id, or the one member with that email address.
async fn find(admin: &Admin, selector: &UserSelector) -> Result<User, CliError> {
    match (&selector.id, &selector.email) {
        (_, Some(email)) => {
            admin.users().find_by_email(email).await?.ok_or_else(|| {
                CliError::NotFound(format!("no user has the email address {email:?}"))
            })
        }
        (Some(id), None) => Ok(admin.users().describe(id).await?),
        (None, None) => Err(CliError::Usage("give a user id or --email".into())),
    }
}

pub async fn run(ctx: &Ctx, cmd: UserCmd) -> Result<u8, CliError> {
    match cmd {
        UserCmd::List { email, limit } => {
            let filter = email.map_or_else(UserFilter::all, UserFilter::email);
            let users = collect(ctx.admin().await?.users().list(filter), limit).await?;
            ctx.out.list(&users, "users")?;
        }
        UserCmd::Describe(selector) => {
            let user = find(&ctx.admin().await?, &selector).await?;
            ctx.out.one(&user)?;
        }
        UserCmd::Delete(selector) => {
            let who = match (&selector.id, &selector.email) {
                (_, Some(email)) => format!("user {email}"),
                (Some(id), None) => format!("user {id}"),
                (None, None) => "a user".to_owned(),
            };
            ctx.confirm(&format!("remove {who} from the organization"))?;
            let admin = ctx.admin().await?;
            let id = match &selector.id {
                Some(id) if selector.email.is_none() => id.clone(),
                _ => find(&admin, &selector).await?.id,
            };
            admin.users().delete(&id).await?;
            return ctx.deleted("user", &id);
        }
    }
    Ok(EXIT_OK)
}
