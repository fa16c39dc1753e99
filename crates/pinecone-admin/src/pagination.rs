//! Cursor pagination for users, invites, service accounts and role bindings.
//!
//! Those lists come back one page at a time: a request carries `limit` (1 to 100) and, for
//! later pages, `paginationToken` set to the previous page's `pagination.next`; the last page
//! has no `next`. This crate offers two ways to read them:
//!
//! * a lazy [`ListStream`] that fetches the next page only when the items of the previous
//!   one have been consumed (`list(...)` on each handle), and
//! * a one-page call that takes a [`PageRequest`] (a limit and a token) and returns a
//!   [`Page`] (`list_page(...)`), for callers that keep the cursor themselves (a web UI, a
//!   CLI with `--limit`).
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use futures::TryStreamExt;
//! use pinecone_admin::PageRequest;
//!
//! // Every service account, however many pages that takes:
//! let all: Vec<_> = admin.service_accounts().list().try_collect().await?;
//!
//! // Or page by page:
//! let mut request = PageRequest::new().limit(50);
//! loop {
//!     let page = admin.service_accounts().list_page(request.clone()).await?;
//!     println!("{} service accounts", page.items.len());
//!     match page.next {
//!         Some(token) => request = request.token(token),
//!         None => break,
//!     }
//! }
//! # let _ = all;
//! # Ok(()) }
//! ```

use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::models::null_as_default;

/// The largest page the API serves (and the page size the streams ask for).
///
/// ```
/// assert_eq!(pinecone_admin::MAX_PAGE_SIZE, 100);
/// ```
pub const MAX_PAGE_SIZE: u32 = 100;

/// A lazy stream of list items that follows `pagination.next` page after page.
///
/// Nothing is sent until the stream is polled; the next page is fetched only once the
/// previous page's items have been consumed, so `take(n)` stops fetching early. A failure
/// (including a validation error found before any request) is yielded as an `Err` item and
/// ends the stream.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// use futures::{StreamExt, TryStreamExt};
///
/// let mut users = admin.users().list(Default::default());
/// while let Some(user) = users.try_next().await? {
///     println!("{} {}", user.id, user.email);
/// }
/// let first_five: Vec<_> = admin.users().list(Default::default()).take(5).collect().await;
/// # let _ = first_five;
/// # Ok(()) }
/// ```
pub type ListStream<T> = BoxStream<'static, Result<T>>;

/// One page of a paginated list.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// use pinecone_admin::PageRequest;
/// let page = admin.invites().list_page(PageRequest::new().limit(10)).await?;
/// for invite in &page.items {
///     println!("{}", invite.email);
/// }
/// if let Some(token) = &page.next {
///     println!("more after {token}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page, in the server's order.
    pub items: Vec<T>,
    /// The token of the next page (`None` on the last page): pass it to
    /// [`PageRequest::token`].
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// A page from its parts.
    ///
    /// ```
    /// let page = pinecone_admin::Page::new(vec![1, 2], Some("t".to_string()));
    /// assert!(page.has_more());
    /// ```
    pub fn new(items: Vec<T>, next: Option<String>) -> Self {
        Self { items, next }
    }

    /// Whether another page follows.
    ///
    /// ```
    /// let page: pinecone_admin::Page<u8> = pinecone_admin::Page::new(vec![], None);
    /// assert!(!page.has_more());
    /// ```
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Which page to fetch: a page size (1 to 100; the server's default is 100) and the token
/// of a previous page's [`Page::next`] (none for the first page).
///
/// ```
/// use pinecone_admin::PageRequest;
///
/// let first = PageRequest::new().limit(25);
/// let second = first.clone().token("opaque-token-from-page-one");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct PageRequest {
    limit: Option<u32>,
    token: Option<String>,
}

impl PageRequest {
    /// The first page, at the server's default size.
    ///
    /// ```
    /// let request = pinecone_admin::PageRequest::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The page size, 1 to [`MAX_PAGE_SIZE`] (checked before sending). Keep the same size
    /// for every page of one listing: the server binds its tokens to the query.
    ///
    /// ```
    /// let request = pinecone_admin::PageRequest::new().limit(10);
    /// ```
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The token of the page to fetch (a previous page's [`Page::next`]).
    ///
    /// ```
    /// let request = pinecone_admin::PageRequest::new().token("eyJhZnRlciI6MTB9");
    /// ```
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(limit) = self.limit {
            validate_limit(limit)?;
        }
        if let Some(token) = &self.token {
            if token.trim().is_empty() {
                return Err(Error::validation(
                    "pagination_token",
                    "must not be empty or blank (omit it for the first page)",
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn wire_limit(&self) -> Option<i64> {
        self.limit.map(i64::from)
    }

    pub(crate) fn wire_token(&self) -> Option<&str> {
        self.token.as_deref()
    }
}

/// `limit` must be within 1..=100.
pub(crate) fn validate_limit(limit: u32) -> Result<()> {
    if limit == 0 || limit > MAX_PAGE_SIZE {
        return Err(Error::validation(
            "limit",
            format!("must be between 1 and {MAX_PAGE_SIZE} (got {limit})"),
        ));
    }
    Ok(())
}

/// `{"next": "..."}`; `next` may be absent or null.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PaginationWire {
    #[serde(default)]
    pub(crate) next: Option<String>,
}

/// The paginated list envelope `{"data": [...], "pagination": {"next": ...} | null}`,
/// decoded tolerantly (null or absent `data` is empty).
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub(crate) struct Paged<T> {
    #[serde(default, deserialize_with = "null_as_default")]
    pub(crate) data: Vec<T>,
    #[serde(default)]
    pub(crate) pagination: Option<PaginationWire>,
}

impl<T> Paged<T> {
    pub(crate) fn from_parts(data: Vec<T>, next: Option<String>) -> Self {
        Self {
            data,
            pagination: Some(PaginationWire { next }),
        }
    }

    /// The page; a blank `next` counts as the end.
    pub(crate) fn into_page(self) -> Page<T> {
        let next = self
            .pagination
            .and_then(|p| p.next)
            .filter(|n| !n.trim().is_empty());
        Page::new(self.data, next)
    }
}

/// The most pages one listing reads before it stops with [`Error::Pagination`]: 10,000 pages
/// (a million items at the page size the streams ask for), far past any real organization, so
/// a server that never stops handing out tokens cannot keep a caller listing forever.
///
/// ```
/// assert_eq!(pinecone_admin::MAX_PAGES, 10_000);
/// ```
pub const MAX_PAGES: u32 = 10_000;

/// Follows one listing's cursor: remembers every token the server has handed out and counts
/// pages, so a cycle (A → B → A, or an immediate repeat) or a listing past [`MAX_PAGES`] ends
/// with [`Error::Pagination`] instead of looping forever or silently truncating.
#[derive(Debug)]
pub(crate) struct Cursor {
    what: &'static str,
    seen: std::collections::HashSet<String>,
    pages: u32,
    max_pages: u32,
}

impl Cursor {
    /// A cursor for a listing of `what` (named in errors, e.g. `"service accounts"`).
    pub(crate) fn new(what: &'static str) -> Self {
        Self::with_max_pages(what, MAX_PAGES)
    }

    pub(crate) fn with_max_pages(what: &'static str, max_pages: u32) -> Self {
        Self {
            what,
            seen: std::collections::HashSet::new(),
            pages: 0,
            max_pages,
        }
    }

    /// Records one page whose `next` token is `next`: `Ok(Some(token))` to fetch next,
    /// `Ok(None)` at the end, an error on a repeated token or past the page cap.
    pub(crate) fn advance(&mut self, next: Option<String>) -> Result<Option<String>> {
        self.pages += 1;
        let Some(next) = next else {
            return Ok(None);
        };
        if !self.seen.insert(next.clone()) {
            return Err(self.stop(
                "the server handed back a pagination token it had already given in this \
                 listing (a cursor cycle); stopping instead of looping forever",
            ));
        }
        if self.pages >= self.max_pages {
            return Err(self.stop(&format!(
                "the listing has more than {} pages, the most one listing reads",
                self.max_pages
            )));
        }
        Ok(Some(next))
    }

    fn stop(&self, message: &str) -> Error {
        Error::Pagination {
            what: self.what,
            pages: self.pages,
            message: message.to_owned(),
        }
    }
}

/// A lazy stream over every page of a listing of `what`: `fetch(token)` fetches one page
/// (token `None` for the first). Stops at the last page or at the first error; a cursor cycle
/// or a listing past [`MAX_PAGES`] ends it with [`Error::Pagination`] (see [`Cursor`]).
pub(crate) fn paginate<T, F, Fut>(what: &'static str, fetch: F) -> ListStream<T>
where
    T: Send + 'static,
    F: Fn(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>>> + Send + 'static,
{
    paginate_with(Cursor::new(what), fetch)
}

pub(crate) fn paginate_with<T, F, Fut>(cursor: Cursor, fetch: F) -> ListStream<T>
where
    T: Send + 'static,
    F: Fn(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>>> + Send + 'static,
{
    enum State {
        Next(Option<String>, Cursor),
        // The page's items were yielded; this error ends the stream next.
        Failed(Error),
        Done,
    }
    stream::try_unfold(State::Next(None, cursor), move |state| {
        let step = match state {
            State::Next(token, cursor) => Ok(Some((fetch(token), cursor))),
            State::Failed(error) => Err(error),
            State::Done => Ok(None),
        };
        async move {
            let Some((page, mut cursor)) = step? else {
                return Ok::<_, Error>(None);
            };
            let page = page.await?;
            let state = match cursor.advance(page.next) {
                Ok(Some(next)) => State::Next(Some(next), cursor),
                Ok(None) => State::Done,
                Err(error) => State::Failed(error),
            };
            Ok(Some((page.items, state)))
        }
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
    .boxed()
}

/// A stream that yields `error` and ends (validation failures of a listing).
pub(crate) fn failed<T: Send + 'static>(error: Error) -> ListStream<T> {
    stream::once(async move { Err(error) }).boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[test]
    fn page_requests_are_checked() {
        assert!(PageRequest::new().validate().is_ok());
        assert!(PageRequest::new().limit(1).validate().is_ok());
        assert!(PageRequest::new().limit(100).validate().is_ok());
        for bad in [0, 101, u32::MAX] {
            match PageRequest::new().limit(bad).validate() {
                Err(Error::Validation { field, .. }) => assert_eq!(field, "limit"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        assert!(PageRequest::new().token(" ").validate().is_err());
    }

    #[test]
    fn envelope_is_tolerant() {
        let p: Paged<u8> = serde_json::from_str(r#"{"data":[1,2],"pagination":null}"#).unwrap();
        assert_eq!(p.into_page(), Page::new(vec![1, 2], None));
        let p: Paged<u8> = serde_json::from_str(r#"{"data":null}"#).unwrap();
        assert_eq!(p.into_page(), Page::new(vec![], None));
        let p: Paged<u8> =
            serde_json::from_str(r#"{"data":[3],"pagination":{"next":""}}"#).unwrap();
        assert_eq!(p.into_page(), Page::new(vec![3], None));
        let p: Paged<u8> =
            serde_json::from_str(r#"{"data":[],"pagination":{"next":"abc"}}"#).unwrap();
        assert_eq!(p.into_page().next.as_deref(), Some("abc"));
    }

    #[tokio::test]
    async fn follows_tokens_lazily() {
        let calls = Arc::new(AtomicU32::new(0));
        let counter = calls.clone();
        let stream = paginate("things", move |token: Option<String>| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                let start: u32 = token.map_or(0, |t| t.parse().unwrap());
                let items: Vec<u32> = (start..(start + 10).min(25)).collect();
                let next = (start + 10 < 25).then(|| (start + 10).to_string());
                Ok(Page::new(items, next))
            }
        });
        let all: Vec<u32> = stream.try_collect().await.unwrap();
        assert_eq!(all, (0..25).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::SeqCst), 3);

        calls.store(0, Ordering::SeqCst);
        let counter = calls.clone();
        let first: Vec<_> = paginate("things", move |_token: Option<String>| {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Ok(Page::new(vec![1, 2, 3], Some("more".to_owned()))) }
        })
        .take(2)
        .collect()
        .await;
        assert_eq!(first.len(), 2);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn repeated_token_stops() {
        let items: Vec<Result<u8>> = paginate("things", |_token: Option<String>| async {
            Ok(Page::new(vec![1], Some("same".to_owned())))
        })
        .collect()
        .await;
        // Page one, then page two answers with the token it was sent: its items, then an
        // error ends it.
        assert_eq!(items.len(), 3);
        assert!(matches!(items[0], Ok(1)));
        assert!(matches!(items[1], Ok(1)));
        assert!(
            matches!(
                &items[2],
                Err(Error::Pagination {
                    what: "things",
                    pages: 2,
                    ..
                })
            ),
            "{:?}",
            items[2]
        );
    }

    #[tokio::test]
    async fn a_cursor_cycle_ends_with_an_error() {
        // A → B → A: each token differs from the one just sent, yet the listing would loop.
        let calls = Arc::new(AtomicU32::new(0));
        let counter = calls.clone();
        let items: Vec<Result<u8>> = paginate("things", move |token: Option<String>| {
            counter.fetch_add(1, Ordering::SeqCst);
            let next = match token.as_deref() {
                None | Some("B") => "A",
                _ => "B",
            };
            async move { Ok(Page::new(vec![7], Some(next.to_owned()))) }
        })
        .collect()
        .await;
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 3);
        assert!(matches!(
            items.last(),
            Some(Err(Error::Pagination { pages: 3, .. }))
        ));
    }

    #[tokio::test]
    async fn a_listing_past_the_page_cap_ends_with_an_error() {
        let items: Vec<Result<u32>> = paginate_with(
            Cursor::with_max_pages("things", 5),
            |token: Option<String>| {
                let n: u32 = token.map_or(0, |t| t.parse().unwrap());
                async move { Ok(Page::new(vec![n], Some((n + 1).to_string()))) }
            },
        )
        .collect()
        .await;
        assert_eq!(items.len(), 6);
        assert!(matches!(
            items.last(),
            Some(Err(Error::Pagination { pages: 5, .. }))
        ));
    }
}
