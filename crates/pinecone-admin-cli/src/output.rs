//! Printing results: tables (comfy-table) for people, one JSON or YAML document for scripts.

use std::io::{self, IsTerminal, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;
use serde_json::Value;

use crate::cli::OutputFormat;
use crate::errors::CliError;

/// A value that can be shown as a table row (in lists) or as field/value pairs (describe).
pub trait Tabular {
    /// Column headers, in order.
    fn headers() -> Vec<&'static str>;
    /// The cells of this value, in the order of [`headers`](Self::headers).
    fn row(&self) -> Vec<String>;
}

/// Where results go, in the chosen format.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    format: OutputFormat,
}

impl Printer {
    /// A printer for `format`.
    pub fn new(format: OutputFormat) -> Self {
        Self { format }
    }

    /// Whether a document format (JSON or YAML) was asked for rather than tables. The name
    /// predates YAML: every `json` path below prints the same document in either format.
    pub fn is_json(&self) -> bool {
        matches!(self.format, OutputFormat::Json | OutputFormat::Yaml)
    }

    /// Prints a list: a table with one row per item, or a JSON array.
    pub fn list<T: Serialize + Tabular>(
        &self,
        items: &[T],
        noun_plural: &str,
    ) -> Result<(), CliError> {
        if self.is_json() {
            return self.json(&items);
        }
        if items.is_empty() {
            return self.line(&format!("No {noun_plural}."));
        }
        let mut table = new_table();
        table.set_header(T::headers());
        for item in items {
            table.add_row(item.row());
        }
        self.line(&table.to_string())
    }

    /// Prints one item: a field/value table, or a JSON object.
    pub fn one<T: Serialize + Tabular>(&self, item: &T) -> Result<(), CliError> {
        if self.is_json() {
            return self.json(item);
        }
        self.line(&fields_table(T::headers(), item.row()))
    }

    /// Prints `text` in table mode, or `json` in JSON mode.
    pub fn message(&self, text: &str, json: Value) -> Result<(), CliError> {
        if self.is_json() {
            self.json(&json)
        } else {
            self.line(text)
        }
    }

    /// Prints any serialisable value as one document on stdout: YAML in yaml mode, pretty
    /// JSON otherwise.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), CliError> {
        let text = document(self.format, value)?;
        self.line(&text)
    }

    /// Writes one line of text to stdout. A closed pipe (`| head`) is not an error.
    pub fn line(&self, text: &str) -> Result<(), CliError> {
        let mut out = io::stdout().lock();
        match writeln!(out, "{text}").and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(CliError::Other(format!("could not write to stdout: {e}"))),
        }
    }
}

/// Encodes `value` as one YAML document (yaml mode) or pretty JSON (every other mode). YAML is
/// produced from the JSON value so that both formats have exactly the same shape.
pub fn document<T: Serialize + ?Sized>(
    format: OutputFormat,
    value: &T,
) -> Result<String, CliError> {
    let value = serde_json::to_value(value)
        .map_err(|e| CliError::Other(format!("could not encode the output: {e}")))?;
    if format == OutputFormat::Yaml {
        let text = serde_yaml_ng::to_string(&value)
            .map_err(|e| CliError::Other(format!("could not encode the output as YAML: {e}")))?;
        Ok(text.trim_end().to_owned())
    } else {
        serde_json::to_string_pretty(&value)
            .map_err(|e| CliError::Other(format!("could not encode the output as JSON: {e}")))
    }
}

/// A table in the house style: UTF-8 borders on a terminal, plain ASCII when piped.
pub fn new_table() -> Table {
    let mut table = Table::new();
    if io::stdout().is_terminal() {
        table.load_preset(presets::UTF8_FULL_CONDENSED);
    } else {
        table.load_preset(presets::ASCII_FULL_CONDENSED);
    }
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table
}

/// A two-column field/value table.
pub fn fields_table(names: Vec<&'static str>, values: Vec<String>) -> String {
    let mut table = new_table();
    for (name, value) in names.into_iter().zip(values) {
        table.add_row(vec![name.to_owned(), value]);
    }
    table.to_string()
}

/// A timestamp for tables (RFC 3339, seconds), or `-` when unknown.
pub fn time(t: &Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_else(|| "-".to_owned())
}

/// An optional string for tables, `-` when absent or empty.
pub fn opt(s: &Option<String>) -> String {
    match s {
        Some(s) if !s.is_empty() => s.clone(),
        _ => "-".to_owned(),
    }
}

/// A list of displayable values joined with `, `, or `-` when empty.
pub fn joined<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: &'static str,
        n: u32,
    }

    impl Tabular for Row {
        fn headers() -> Vec<&'static str> {
            vec!["ID", "N"]
        }
        fn row(&self) -> Vec<String> {
            vec![self.id.to_owned(), self.n.to_string()]
        }
    }

    #[test]
    fn fields_table_pairs_names_and_values() {
        let row = Row { id: "abc", n: 7 };
        let text = fields_table(Row::headers(), row.row());
        assert!(text.contains("ID"));
        assert!(text.contains("abc"));
        assert!(text.contains('7'));
    }

    #[test]
    fn yaml_documents_have_the_json_shape() {
        let rows = vec![Row { id: "abc", n: 7 }, Row { id: "d: e", n: 8 }];
        let yaml = document(OutputFormat::Yaml, &rows).unwrap();
        let back: Value = serde_yaml_ng::from_str(&yaml).unwrap();
        let json: Value =
            serde_json::from_str(&document(OutputFormat::Json, &rows).unwrap()).unwrap();
        assert_eq!(back, json);
        assert_eq!(back[1]["id"], "d: e");
        assert!(
            !yaml.trim_start().starts_with('['),
            "block style, not flow: {yaml}"
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(opt(&None), "-");
        assert_eq!(opt(&Some(String::new())), "-");
        assert_eq!(opt(&Some("x".into())), "x");
        assert_eq!(joined::<String>(&[]), "-");
        assert_eq!(joined(&["a", "b"]), "a, b");
        assert_eq!(time(&None), "-");
    }
}
