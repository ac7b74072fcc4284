//! Where the database is and where to listen: flags with env fallbacks.

use std::fmt;
use std::path::PathBuf;

/// The database a command works on, from `--db` or `ISMO_DB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// An embedded SQLite file (the default, `./ismo.db`).
    Sqlite(PathBuf),
    /// A PostgreSQL URL; recognized so the error can say what to do.
    Postgres(String),
}

impl DbTarget {
    /// Reads `--db` values: a path, a `sqlite:` URL, or a `postgres://` URL.
    pub fn parse(raw: &str) -> DbTarget {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return DbTarget::Postgres(raw.to_string());
        }
        let path = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")).unwrap_or(raw);
        DbTarget::Sqlite(PathBuf::from(path))
    }
}

impl fmt::Display for DbTarget {
    /// Never prints a password that may be inside a URL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbTarget::Sqlite(path) => write!(f, "{}", path.display()),
            DbTarget::Postgres(url) => {
                let shown = match (url.find("://"), url.rfind('@')) {
                    (Some(scheme), Some(at)) if at > scheme => {
                        format!("{}://***{}", &url[..scheme], &url[at..])
                    }
                    _ => url.clone(),
                };
                f.write_str(&shown)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls() {
        assert_eq!(DbTarget::parse("./ismo.db"), DbTarget::Sqlite("./ismo.db".into()));
        assert_eq!(DbTarget::parse("sqlite:///tmp/x.db"), DbTarget::Sqlite("/tmp/x.db".into()));
        assert_eq!(DbTarget::parse("sqlite:x.db"), DbTarget::Sqlite("x.db".into()));
        assert!(matches!(DbTarget::parse("postgres://u:p@h/db"), DbTarget::Postgres(_)));
    }

    #[test]
    fn display_hides_passwords() {
        let shown = DbTarget::parse("postgres://ismo:secret@db.example/ismo").to_string();
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("db.example/ismo"));
    }
}
