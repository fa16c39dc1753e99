//! Cursor pagination with opaque tokens bound to their query context.

use std::hash::{DefaultHasher, Hash, Hasher};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::ApiError;

/// One page request: a limit, an optional cursor, and a fingerprint of the query context
/// (route, path parameters, filters and limit) the cursor must be reused with.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub limit: usize,
    pub after: Option<u64>,
    pub context: u64,
}

/// One page of results.
#[derive(Debug)]
pub(crate) struct Paged<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// A fingerprint of a query context.
pub(crate) fn context_of(parts: &[&str]) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

impl Page {
    /// Parses `limit` (1..=max, default `default`) and the cursor. `limit` out of range is
    /// `400 OUT_OF_RANGE`; a token that is not one of ours, or was issued for another query
    /// context, is `400 INVALID_ARGUMENT`.
    pub(crate) fn parse(
        limit: Option<&str>,
        token: Option<&str>,
        default: usize,
        max: usize,
        context_parts: &[&str],
    ) -> Result<Page, ApiError> {
        let limit = match limit {
            None => default,
            Some(s) => {
                let n: i128 = s.trim().parse().map_err(|_| {
                    ApiError::invalid(format!("limit must be an integer, got `{s}`"))
                })?;
                if n < 1 || n > max as i128 {
                    return Err(ApiError::out_of_range(format!(
                        "limit must be between 1 and {max}, got {n}"
                    )));
                }
                n as usize
            }
        };
        let limit_s = limit.to_string();
        let mut parts = context_parts.to_vec();
        parts.push(&limit_s);
        let context = context_of(&parts);
        let after = match token {
            None => None,
            Some(t) => Some(decode(t, context).ok_or_else(|| {
                ApiError::invalid("paginationToken is invalid or was issued for a different query")
            })?),
        };
        Ok(Page {
            limit,
            after,
            context,
        })
    }

    /// Applies the page to items sorted by their sequence number.
    pub(crate) fn apply<T>(
        &self,
        items: impl Iterator<Item = (u64, T)>,
    ) -> Result<Paged<T>, ApiError> {
        let mut out = Vec::with_capacity(self.limit.min(100));
        let mut last = None;
        let mut more = false;
        for (seq, item) in items {
            if self.after.is_some_and(|a| seq <= a) {
                continue;
            }
            if out.len() == self.limit {
                more = true;
                break;
            }
            last = Some(seq);
            out.push(item);
        }
        let next = match (more, last) {
            (true, Some(seq)) => Some(encode(seq, self.context)),
            _ => None,
        };
        Ok(Paged { items: out, next })
    }
}

fn encode(seq: u64, context: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1.{context:016x}.{seq}"))
}

fn decode(token: &str, context: u64) -> Option<u64> {
    let raw = URL_SAFE_NO_PAD.decode(token.trim_end_matches('=')).ok()?;
    let s = String::from_utf8(raw).ok()?;
    let mut it = s.split('.');
    if it.next()? != "v1" {
        return None;
    }
    let ctx = u64::from_str_radix(it.next()?, 16).ok()?;
    let seq = it.next()?.parse().ok()?;
    if it.next().is_some() || ctx != context {
        return None;
    }
    Some(seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_context() {
        let p = Page::parse(Some("2"), None, 100, 100, &["users"]).unwrap();
        let page = p.apply((1..=5u64).map(|i| (i, i))).unwrap();
        assert_eq!(page.items, vec![1, 2]);
        let next = page.next.unwrap();
        let p2 = Page::parse(Some("2"), Some(&next), 100, 100, &["users"]).unwrap();
        assert_eq!(
            p2.apply((1..=5u64).map(|i| (i, i))).unwrap().items,
            vec![3, 4]
        );
        assert!(Page::parse(Some("3"), Some(&next), 100, 100, &["users"]).is_err());
        assert!(Page::parse(None, Some("garbage!"), 100, 100, &["users"]).is_err());
        assert_eq!(
            Page::parse(Some("0"), None, 100, 100, &[])
                .unwrap_err()
                .code,
            "OUT_OF_RANGE"
        );
        assert_eq!(
            Page::parse(Some("x"), None, 100, 100, &[])
                .unwrap_err()
                .code,
            "INVALID_ARGUMENT"
        );
    }
}
