//! [`ControlPlane`]: the calls of one project made with one of its API keys.

use super::*;
use admin_api_raw::ops;

/// Control-plane calls of one project, authenticated with one of its API keys.
///
/// Names and ids come from the server's own listings, but each still passes `validate::id`
/// before it goes into a path: a listing that names an index `..` (or anything that is not a
/// single path segment) fails that one deletion with [`Error::Validation`](crate::Error) and
/// sends nothing, rather than reaching another route with the project key.
#[derive(Clone)]
pub(crate) struct ControlPlane {
    pub(super) admin: Admin,
    pub(super) key: Secret,
}

impl ControlPlane {
    pub(crate) fn new(admin: Admin, key: Secret) -> Self {
        Self { admin, key }
    }

    pub(crate) async fn list_indexes(&self) -> Result<Vec<Index>> {
        let list: IndexList = self
            .admin
            .transport()
            .db_control(
                &self.key,
                Op::of(ops::db_control::LIST_INDEXES),
                |c| async move { c.list_indexes().await },
            )
            .await?;
        Ok(list.indexes)
    }

    pub(crate) async fn describe_index(&self, name: &str) -> Result<Index> {
        validate::id("index_name", name)?;
        self.admin
            .transport()
            .db_control(
                &self.key,
                Op::of(ops::db_control::DESCRIBE_INDEX),
                |c| async move { c.describe_index(name).await },
            )
            .await
    }

    pub(crate) async fn disable_deletion_protection(&self, name: &str) -> Result<Index> {
        validate::id("index_name", name)?;
        let body = &db_raw::ConfigureIndexRequest {
            deletion_protection: Some(db_raw::DeletionProtection(
                DeletionProtection::Disabled.as_str().to_owned(),
            )),
            ..Default::default()
        };
        self.admin
            .transport()
            .db_control(
                &self.key,
                Op::of(ops::db_control::CONFIGURE_INDEX),
                |c| async move { c.configure_index(name, body).await },
            )
            .await
    }

    pub(crate) async fn delete_index(&self, name: &str) -> Result<()> {
        validate::id("index_name", name)?;
        self.admin
            .transport()
            .db_control(
                &self.key,
                Op::of(ops::db_control::DELETE_INDEX),
                |c| async move { c.delete_index(name).await },
            )
            .await
    }

    pub(crate) async fn list_collections(&self) -> Result<Vec<Collection>> {
        let list: CollectionList = self
            .admin
            .transport()
            .db_control(
                &self.key,
                Op::of(ops::db_control::LIST_COLLECTIONS),
                |c| async move { c.list_collections().await },
            )
            .await?;
        Ok(list.collections)
    }

    pub(crate) async fn delete_collection(&self, name: &str) -> Result<()> {
        validate::id("collection_name", name)?;
        self.admin
            .transport()
            .db_control(
                &self.key,
                Op::of(ops::db_control::DELETE_COLLECTION),
                |c| async move { c.delete_collection(name).await },
            )
            .await
    }

    pub(super) async fn backup_page(&self, token: Option<&str>) -> Result<Page<Backup>> {
        let limit = Some(i64::from(MAX_PAGE_SIZE));
        let paged: Paged<Backup> = self
            .admin
            .transport()
            .db_control(
                &self.key,
                Op::of(ops::db_control::LIST_PROJECT_BACKUPS),
                |c| async move { c.list_project_backups(limit, token).await },
            )
            .await?;
        Ok(paged.into_page())
    }

    pub(crate) async fn list_backups(&self) -> Result<Vec<Backup>> {
        let mut all = Vec::new();
        let mut cursor = Cursor::new("backups");
        let mut token: Option<String> = None;
        loop {
            let page = self.backup_page(token.as_deref()).await?;
            all.extend(page.items);
            match cursor.advance(page.next)? {
                Some(next) => token = Some(next),
                None => return Ok(all),
            }
        }
    }

    pub(crate) async fn delete_backup(&self, backup_id: &str) -> Result<()> {
        validate::id("backup_id", backup_id)?;
        self.admin
            .transport()
            .db_control(
                &self.key,
                Op::of(ops::db_control::DELETE_BACKUP),
                |c| async move { c.delete_backup(backup_id).await },
            )
            .await
    }

    pub(super) async fn assistant_page(&self, token: Option<&str>) -> Result<Page<Assistant>> {
        let limit = Some(i64::from(MAX_PAGE_SIZE));
        let list: AssistantList = self
            .admin
            .transport()
            .assistant_control(
                &self.key,
                Op::of(ops::assistant_control::LIST_ASSISTANTS),
                |c| async move { c.list_assistants(limit, token).await },
            )
            .await?;
        Ok(Paged::from_parts(list.assistants, list.pagination.and_then(|p| p.next)).into_page())
    }

    pub(crate) async fn list_assistants(&self) -> Result<Vec<Assistant>> {
        let mut all = Vec::new();
        let mut cursor = Cursor::new("assistants");
        let mut token: Option<String> = None;
        loop {
            let page = self.assistant_page(token.as_deref()).await?;
            all.extend(page.items);
            match cursor.advance(page.next)? {
                Some(next) => token = Some(next),
                None => return Ok(all),
            }
        }
    }

    pub(crate) async fn describe_assistant(&self, name: &str) -> Result<Assistant> {
        validate::id("assistant_name", name)?;
        self.admin
            .transport()
            .assistant_control(
                &self.key,
                Op::of(ops::assistant_control::GET_ASSISTANT),
                |c| async move { c.get_assistant(name).await },
            )
            .await
    }

    pub(crate) async fn delete_assistant(&self, name: &str) -> Result<()> {
        validate::id("assistant_name", name)?;
        self.admin
            .transport()
            .assistant_control(
                &self.key,
                Op::of(ops::assistant_control::DELETE_ASSISTANT),
                |c| async move { c.delete_assistant(name).await },
            )
            .await
    }
}
