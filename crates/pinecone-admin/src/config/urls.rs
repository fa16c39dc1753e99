//! Parsing the hosts and URLs a client is configured with.

use url::Url;

use crate::error::{Error, Result};

/// Normalises a source tag: lowercase, keep `[a-z0-9_ :]`, trim, runs of spaces → `_`.
/// Returns `None` when nothing is left.
pub(crate) fn normalize_source_tag(tag: &str) -> Option<String> {
    let lowered = tag.to_lowercase();
    let kept: String = lowered
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | ' ' | ':'))
        .collect();
    let normalized = kept
        .split(' ')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    (!normalized.is_empty()).then_some(normalized)
}

/// Parses a base URL: `https://` added to a bare host, trailing `/` dropped.
pub(super) fn parse_base_url(field: &str, input: &str) -> Result<Url> {
    // A trailing `/` is harmless: `join` drops it before appending paths.
    parse_url(field, input)
}

/// Parses an absolute http(s) URL, adding `https://` when no scheme is given.
pub(super) fn parse_url(field: &str, input: &str) -> Result<Url> {
    let input = input.trim();
    if input.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    let with_scheme = if input.contains("://") {
        input.to_owned()
    } else {
        format!("https://{input}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|e| Error::validation(field, format!("{input:?} is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::validation(
            field,
            format!("{input:?} must use http or https"),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::validation(field, format!("{input:?} has no host")));
    }
    Ok(url)
}

/// Joins a base URL and a suffix without doubling or losing slashes.
pub(crate) fn join(base: &Url, suffix: &str) -> String {
    format!("{}{}", base.as_str().trim_end_matches('/'), suffix)
}
