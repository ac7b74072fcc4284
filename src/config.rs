//! Where the database is, where to listen and whom to believe: flags with env fallbacks.

use std::fmt;
use std::path::PathBuf;

use crate::domain::proxy::Cidr;

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

/// One `--trusted-proxy` / `ISMO_TRUSTED_PROXIES` entry (lists are split at
/// commas first): a network in CIDR notation or a single address.
pub fn trusted_proxy(raw: &str) -> Result<Cidr, String> {
    Cidr::parse(raw).map_err(|e| format!("{e}; give reverse proxies as 10.0.0.1, 10.0.0.0/8 or fd00::/8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        assert_eq!(trusted_proxy("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(trusted_proxy("::1").unwrap().to_string(), "::1/128");
        let refused = trusted_proxy("proxy.internal").unwrap_err();
        assert!(refused.contains("10.0.0.0/8"), "{refused}");
    }

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
