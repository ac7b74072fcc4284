//! The single error type of every domain parser.
//!
//! A refusal carries no prose, only a catalog key and named arguments, so the
//! web layer can render it in the user's language next to the right field.

use std::fmt;

/// Why a value was refused: a message key of the i18n catalog plus named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Fluent message id, kebab-case, always starting with `invalid-`.
    pub key: &'static str,
    /// Named arguments for the message (`{ $name }` in Fluent).
    pub args: Vec<(&'static str, String)>,
}

impl Invalid {
    pub fn new(key: &'static str) -> Self {
        debug_assert!(key.starts_with("invalid-"), "message keys start with invalid-");
        Self { key, args: Vec::new() }
    }

    /// Adds a named argument; chainable so call sites stay one expression.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// Looks up an argument by name (mostly for tests and logging).
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

/// For logs only: users see the translated catalog message instead.
impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)?;
        for (i, (name, value)) in self.args.iter().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            write!(f, "{sep}{name}={value:?}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_key_and_args() {
        let e = Invalid::new("invalid-too-long").with("max", 20);
        assert_eq!(e.to_string(), r#"invalid-too-long max="20""#);
        assert_eq!(e.arg("max"), Some("20"));
        assert_eq!(Invalid::new("invalid-date").to_string(), "invalid-date");
        let two = Invalid::new("invalid-money").with("value", "x").with("digits", 2);
        assert_eq!(two.to_string(), r#"invalid-money value="x", digits="2""#);
    }

    #[test]
    fn is_a_std_error() {
        let e: Box<dyn std::error::Error> = Box::new(Invalid::new("invalid-code"));
        assert!(e.to_string().starts_with("invalid-code"));
    }
}
