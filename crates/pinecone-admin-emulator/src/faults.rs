//! Fault injection: rules that make chosen routes slow, fail, or drop the connection.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What the emulator does to a request matched by a [`FaultRule`].
///
/// ```
/// use std::time::Duration;
/// use pinecone_admin_emulator::FaultAction;
///
/// let slow = FaultAction::Latency(Duration::from_millis(50));
/// let throttled = FaultAction::rate_limited(2);
/// let flaky = FaultAction::FailTimes(2, 503);
/// let duplicate_maker = FaultAction::ProcessThenFail(500);
/// assert_ne!(slow, throttled);
/// assert_ne!(flaky, duplicate_maker);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultAction {
    /// Wait this long, then answer normally.
    Latency(Duration),
    /// Answer with this status without processing the request.
    ///
    /// `body` is sent as is (as `application/json` when it parses as JSON, else `text/plain`);
    /// when `None`, the emulator sends the error body the route documents (the
    /// `{"error":{"code","message"},"status"}` shape, or `{error, error_description}` on
    /// `/oauth/token`). `retry_after` sets a `Retry-After` header, in seconds.
    Status {
        /// The HTTP status code to answer with (e.g. 429, 500, 503).
        status: u16,
        /// The response body; `None` for the route's documented error body.
        body: Option<String>,
        /// Value of the `Retry-After` header in seconds, if any.
        retry_after: Option<u64>,
    },
    /// Read the whole request, then close the TCP connection without answering.
    DropConnection,
    /// Answer the first `n` matching requests with this status (documented error body),
    /// then answer normally and remove the rule. Equivalent to
    /// `Status { status, .. }` with [`FaultRule::times`]`(n)`.
    FailTimes(u32, u16),
    /// Process the request (state changes, creates are counted), then discard the real answer
    /// and answer with this status instead. Lets a test check that a client retrying a failed
    /// create does not duplicate it.
    ProcessThenFail(u16),
}

impl FaultAction {
    /// `Status` with the route's documented error body and no `Retry-After`.
    ///
    /// ```
    /// use pinecone_admin_emulator::FaultAction;
    /// assert_eq!(
    ///     FaultAction::status(503),
    ///     FaultAction::Status { status: 503, body: None, retry_after: None }
    /// );
    /// ```
    pub fn status(status: u16) -> Self {
        FaultAction::Status {
            status,
            body: None,
            retry_after: None,
        }
    }

    /// A `429 Too Many Requests` with `Retry-After: <retry_after_secs>`.
    ///
    /// ```
    /// use pinecone_admin_emulator::FaultAction;
    /// assert!(matches!(
    ///     FaultAction::rate_limited(1),
    ///     FaultAction::Status { status: 429, retry_after: Some(1), .. }
    /// ));
    /// ```
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        FaultAction::Status {
            status: 429,
            body: None,
            retry_after: Some(retry_after_secs),
        }
    }
}

/// A fault injected into the requests matching a method and a route.
///
/// * `method`: an HTTP method (`"POST"`, case-insensitive) or `"*"` for any method.
/// * `path`: a route template as used in counters (`"/admin/projects/{project_id}"`), a
///   concrete path (`"/indexes/my-index"`), a prefix ending in `*` (`"/admin/*"`), or `"*"`.
///
/// Without [`action`](FaultRule::action) the rule answers `500`; without
/// [`times`](FaultRule::times) it applies to every matching request until
/// [`EmulatorHandle::clear_faults`](crate::EmulatorHandle::clear_faults). Rules are tried in
/// the order they were injected; the first active matching rule decides. Routes under
/// `/_emulator` are never faulted.
///
/// ```
/// use pinecone_admin_emulator::{FaultAction, FaultRule};
///
/// let rule = FaultRule::new("POST", "/admin/projects")
///     .times(1)
///     .action(FaultAction::ProcessThenFail(500));
/// assert_eq!(rule.method(), "POST");
/// assert_eq!(rule.remaining(), Some(1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultRule {
    method: String,
    path: String,
    action: FaultAction,
    times: Option<u32>,
}

impl FaultRule {
    /// A rule for `method` on `path` answering `500` until cleared.
    pub fn new(method: impl Into<String>, path: impl Into<String>) -> Self {
        FaultRule {
            method: method.into().to_ascii_uppercase(),
            path: path.into(),
            action: FaultAction::status(500),
            times: None,
        }
    }

    /// Sets what happens to matching requests.
    pub fn action(mut self, action: FaultAction) -> Self {
        self.action = action;
        self
    }

    /// Applies the rule to the next `n` matching requests only, then removes it.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    /// The method this rule matches (upper case, or `*`).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The route template, path, prefix or `*` this rule matches.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the rule does.
    pub fn fault_action(&self) -> &FaultAction {
        &self.action
    }

    /// How many more requests the rule applies to; `None` for unlimited.
    pub fn remaining(&self) -> Option<u32> {
        match self.action {
            FaultAction::FailTimes(n, _) => Some(self.times.map_or(n, |t| t.min(n))),
            _ => self.times,
        }
    }

    fn matches(&self, method: &str, template: Option<&str>, path: &str) -> bool {
        if self.method != "*" && !self.method.eq_ignore_ascii_case(method) {
            return false;
        }
        let p = self.path.as_str();
        if p == "*" || p == path || Some(p) == template {
            return true;
        }
        if let Some(prefix) = p.strip_suffix('*') {
            return path.starts_with(prefix);
        }
        false
    }
}

/// The decision the fault layer takes for one request.
#[derive(Debug)]
pub(crate) enum Decision {
    Proceed,
    Delay(Duration),
    Respond {
        status: u16,
        body: Option<String>,
        retry_after: Option<u64>,
    },
    Drop,
    ProcessThenFail(u16),
}

/// The active fault rules; cheap to consult when there are none.
#[derive(Default)]
pub(crate) struct FaultSet {
    any: AtomicBool,
    rules: Mutex<Vec<ActiveRule>>,
}

struct ActiveRule {
    rule: FaultRule,
    remaining: Option<u32>,
}

impl FaultSet {
    pub(crate) fn push(&self, rule: FaultRule) {
        let remaining = rule.remaining();
        let mut rules = self.rules.lock().unwrap_or_else(|e| e.into_inner());
        if remaining != Some(0) {
            rules.push(ActiveRule { rule, remaining });
        }
        self.any.store(!rules.is_empty(), Ordering::Release);
    }

    pub(crate) fn clear(&self) {
        let mut rules = self.rules.lock().unwrap_or_else(|e| e.into_inner());
        rules.clear();
        self.any.store(false, Ordering::Release);
    }

    pub(crate) fn snapshot(&self) -> Vec<FaultRule> {
        let rules = self.rules.lock().unwrap_or_else(|e| e.into_inner());
        rules
            .iter()
            .map(|r| {
                let mut rule = r.rule.clone();
                rule.times = r.remaining;
                if let FaultAction::FailTimes(_, status) = rule.action {
                    rule.action = FaultAction::FailTimes(r.remaining.unwrap_or(0), status);
                }
                rule
            })
            .collect()
    }

    pub(crate) fn decide(&self, method: &str, template: Option<&str>, path: &str) -> Decision {
        if !self.any.load(Ordering::Acquire) {
            return Decision::Proceed;
        }
        let mut rules = self.rules.lock().unwrap_or_else(|e| e.into_inner());
        let Some(pos) = rules
            .iter()
            .position(|r| r.remaining != Some(0) && r.rule.matches(method, template, path))
        else {
            return Decision::Proceed;
        };
        let active = &mut rules[pos];
        if let Some(n) = active.remaining.as_mut() {
            *n -= 1;
        }
        let decision = match &active.rule.action {
            FaultAction::Latency(d) => Decision::Delay(*d),
            FaultAction::Status {
                status,
                body,
                retry_after,
            } => Decision::Respond {
                status: *status,
                body: body.clone(),
                retry_after: *retry_after,
            },
            FaultAction::FailTimes(_, status) => Decision::Respond {
                status: *status,
                body: None,
                retry_after: None,
            },
            FaultAction::DropConnection => Decision::Drop,
            FaultAction::ProcessThenFail(status) => Decision::ProcessThenFail(*status),
        };
        if active.remaining == Some(0) {
            rules.remove(pos);
        }
        self.any.store(!rules.is_empty(), Ordering::Release);
        decision
    }
}

/// The JSON form of a fault rule accepted by `POST /_emulator/faults`.
///
/// ```json
/// {"method": "POST", "path": "/admin/projects", "times": 1,
///  "action": {"type": "process_then_fail", "status": 500}}
/// ```
#[derive(Clone, Debug, Deserialize, Serialize)]
pub(crate) struct FaultRuleWire {
    #[serde(default = "star")]
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub times: Option<u32>,
    #[serde(default)]
    pub action: Option<FaultActionWire>,
}

fn star() -> String {
    "*".to_owned()
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum FaultActionWire {
    Latency {
        ms: u64,
    },
    Status {
        status: u16,
        #[serde(default)]
        body: Option<String>,
        #[serde(default)]
        retry_after: Option<u64>,
    },
    DropConnection,
    FailTimes {
        n: u32,
        status: u16,
    },
    ProcessThenFail {
        status: u16,
    },
}

impl FaultRuleWire {
    pub(crate) fn into_rule(self) -> Result<FaultRule, String> {
        let action = match self.action {
            None => FaultAction::status(500),
            Some(FaultActionWire::Latency { ms }) => {
                FaultAction::Latency(Duration::from_millis(ms))
            }
            Some(FaultActionWire::Status {
                status,
                body,
                retry_after,
            }) => FaultAction::Status {
                status,
                body,
                retry_after,
            },
            Some(FaultActionWire::DropConnection) => FaultAction::DropConnection,
            Some(FaultActionWire::FailTimes { n, status }) => FaultAction::FailTimes(n, status),
            Some(FaultActionWire::ProcessThenFail { status }) => {
                FaultAction::ProcessThenFail(status)
            }
        };
        if let FaultAction::Status { status: s, .. }
        | FaultAction::FailTimes(_, s)
        | FaultAction::ProcessThenFail(s) = &action
        {
            if !(100..=599).contains(s) {
                return Err(format!("status {s} is not an HTTP status code"));
            }
        }
        if self.path.is_empty() {
            return Err("path must not be empty".to_owned());
        }
        let mut rule = FaultRule::new(self.method, self.path).action(action);
        rule.times = self.times;
        Ok(rule)
    }

    pub(crate) fn from_rule(rule: &FaultRule) -> Self {
        let action = match &rule.action {
            FaultAction::Latency(d) => FaultActionWire::Latency {
                ms: d.as_millis().try_into().unwrap_or(u64::MAX),
            },
            FaultAction::Status {
                status,
                body,
                retry_after,
            } => FaultActionWire::Status {
                status: *status,
                body: body.clone(),
                retry_after: *retry_after,
            },
            FaultAction::DropConnection => FaultActionWire::DropConnection,
            FaultAction::FailTimes(n, status) => FaultActionWire::FailTimes {
                n: *n,
                status: *status,
            },
            FaultAction::ProcessThenFail(status) => {
                FaultActionWire::ProcessThenFail { status: *status }
            }
        };
        FaultRuleWire {
            method: rule.method.clone(),
            path: rule.path.clone(),
            times: rule.times,
            action: Some(action),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_fail_times_exhaust() {
        let set = FaultSet::default();
        set.push(FaultRule::new("post", "/admin/projects").action(FaultAction::FailTimes(2, 503)));
        for _ in 0..2 {
            assert!(matches!(
                set.decide("POST", Some("/admin/projects"), "/admin/projects"),
                Decision::Respond { status: 503, .. }
            ));
        }
        assert!(matches!(
            set.decide("POST", Some("/admin/projects"), "/admin/projects"),
            Decision::Proceed
        ));
        assert!(set.snapshot().is_empty());
    }

    #[test]
    fn matching_forms() {
        let r = FaultRule::new("*", "/admin/*");
        assert!(r.matches("GET", None, "/admin/users"));
        assert!(!r.matches("GET", None, "/indexes"));
        let r = FaultRule::new("DELETE", "/indexes/{index_name}");
        assert!(r.matches("DELETE", Some("/indexes/{index_name}"), "/indexes/a"));
        assert!(!r.matches("GET", Some("/indexes/{index_name}"), "/indexes/a"));
        let r = FaultRule::new("DELETE", "/indexes/a");
        assert!(r.matches("DELETE", Some("/indexes/{index_name}"), "/indexes/a"));
        assert!(!r.matches("DELETE", Some("/indexes/{index_name}"), "/indexes/b"));
    }
}
