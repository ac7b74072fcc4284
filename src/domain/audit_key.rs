//! The audit key: a secret kept outside the database that authenticates
//! every audit entry. The hash chain alone shows that entries were changed —
//! unless whoever changed them recomputed the chain, which anyone holding the
//! database can do. An entry's MAC needs the key, so a holder of the
//! database alone cannot forge one.
//!
//! Pure: the key file's text format, and computing and checking a MAC. The
//! store reads and writes the file.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The first line of a key file; a new format must use a new line.
pub const HEADER: &str = "ismo-audit-key v1";

/// Bytes of key material (a SHA-256 block is larger; HMAC pads it).
pub const KEY_BYTES: usize = 32;

/// Versions the MAC encoding; a new encoding must use a new tag.
const MAC_TAG: &[u8] = b"ismo-audit-mac-v1";

/// The secret and where in the trail it began to authenticate entries.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey {
    secret: [u8; KEY_BYTES],
    /// The hash of the newest entry when the key was made, for a database
    /// that had entries before it (they keep the chain alone); `None`: every
    /// entry carries a MAC. Kept in the key file, not the database, so that
    /// the holder of the database cannot move where MACs become required.
    starts_after: Option<String>,
}

/// Never prints the secret (a key in a log is a key given away).
impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditKey").field("secret", &"…").field("starts_after", &self.starts_after).finish()
    }
}

/// Why a key file's text is not a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    #[error("it does not start with the line \"{HEADER}\" (is it an ismo audit key?)")]
    Header,
    #[error("it has no line \"key <64 hexadecimal digits>\"")]
    MissingKey,
    #[error("line {0}: the key must be 64 hexadecimal digits")]
    BadKey(usize),
    #[error("line {0}: starts-after must be an entry hash of 64 hexadecimal digits")]
    BadStart(usize),
    #[error("line {0}: \"{1}\" is said twice")]
    Repeated(usize, &'static str),
    #[error("line {0}: unknown line (expected key or starts-after)")]
    Unknown(usize),
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl AuditKey {
    /// A key made of `secret` (random bytes from the caller), authenticating
    /// entries after the one whose hash is `starts_after` (`None`: all).
    pub fn new(secret: [u8; KEY_BYTES], starts_after: Option<String>) -> AuditKey {
        AuditKey { secret, starts_after: starts_after.map(|h| h.to_ascii_lowercase()) }
    }

    /// Reads a key file: `ismo-audit-key v1`, then `key <hex>` and optionally
    /// `starts-after <entry hash>`. Blank lines and `#` comments are allowed
    /// (a person may note where the key belongs).
    pub fn parse(text: &str) -> Result<AuditKey, KeyFileError> {
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
        let meaningful = |(_, l): &(usize, &str)| !l.is_empty() && !l.starts_with('#');
        match lines.by_ref().find(meaningful) {
            Some((_, HEADER)) => {}
            _ => return Err(KeyFileError::Header),
        }
        let (mut secret, mut starts_after) = (None, None);
        for (n, line) in lines.filter(meaningful) {
            let (word, value) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let value = value.trim();
            match word {
                "key" if secret.is_some() => return Err(KeyFileError::Repeated(n, "key")),
                "key" if is_hex64(value) => {
                    let mut bytes = [0u8; KEY_BYTES];
                    hex::decode_to_slice(value, &mut bytes).map_err(|_| KeyFileError::BadKey(n))?;
                    secret = Some(bytes);
                }
                "key" => return Err(KeyFileError::BadKey(n)),
                "starts-after" if starts_after.is_some() => return Err(KeyFileError::Repeated(n, "starts-after")),
                "starts-after" if is_hex64(value) => starts_after = Some(value.to_ascii_lowercase()),
                "starts-after" => return Err(KeyFileError::BadStart(n)),
                _ => return Err(KeyFileError::Unknown(n)),
            }
        }
        Ok(AuditKey { secret: secret.ok_or(KeyFileError::MissingKey)?, starts_after })
    }

    /// The key file's text; [`AuditKey::parse`] reads it back.
    pub fn to_file_text(&self) -> String {
        let mut text = format!("{HEADER}\n");
        text.push_str("# Authenticates the audit trail of an ismo database. Keep it secret, and keep a copy\n");
        text.push_str("# apart from the database's backups: without it the trail can only be checked as a chain.\n");
        text.push_str(&format!("key {}\n", hex::encode(self.secret)));
        if let Some(hash) = &self.starts_after {
            text.push_str(&format!("starts-after {hash}\n"));
        }
        text
    }

    pub fn starts_after(&self) -> Option<&str> {
        self.starts_after.as_deref()
    }

    fn hmac(&self, id: i64, hash: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret).expect("HMAC takes a key of any length");
        // The tag, then two fields of fixed meaning: the id as 8 bytes
        // big-endian, then the hash's text (the rest). Binding the id keeps
        // an authenticated entry from being renumbered.
        mac.update(&(MAC_TAG.len() as u64).to_be_bytes());
        mac.update(MAC_TAG);
        mac.update(&id.to_be_bytes());
        mac.update(hash.as_bytes());
        mac
    }

    /// The MAC of the entry `id` whose hash is `hash`: lower-case hex
    /// HMAC-SHA256 over the tag `ismo-audit-mac-v1` (after its length, u64
    /// big-endian), the id (i64 big-endian) and the hash's text. The hash
    /// covers the entry's content and, through the chain, every entry
    /// before it. Changing this breaks every stored MAC.
    pub fn mac(&self, id: i64, hash: &str) -> String {
        hex::encode(self.hmac(id, hash).finalize().into_bytes())
    }

    /// Whether `mac` is the MAC of that entry (compared in constant time).
    pub fn authenticates(&self, id: i64, hash: &str, mac: &str) -> bool {
        let Ok(bytes) = hex::decode(mac) else { return false };
        self.hmac(id, hash).verify_slice(&bytes).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: [u8; KEY_BYTES] = [7u8; KEY_BYTES];
    const HASH: &str = "85f45b7ea5e1a85b0d8120de7cd072e6f4ef14f4d655390be50188babe196424";

    #[test]
    fn round_trips_through_its_file() {
        for start in [None, Some(HASH.to_string())] {
            let key = AuditKey::new(SECRET, start);
            assert_eq!(AuditKey::parse(&key.to_file_text()), Ok(key));
        }
    }

    /// Changing the encoding would break every stored MAC: this pins it.
    /// Recomputed independently (Python hmac) from the encoding described at [`AuditKey::mac`].
    #[test]
    fn encoding_is_stable() {
        let key = AuditKey::new(SECRET, None);
        assert_eq!(key.mac(1, HASH), PINNED);
        assert!(key.authenticates(1, HASH, PINNED));
        assert!(key.authenticates(1, HASH, &PINNED.to_ascii_uppercase()));
    }
    const PINNED: &str = "d70dc876145b2c85f208143d21e870158b3faea4e76edd51beb6fd9cb45341a4";

    #[test]
    fn a_mac_binds_key_id_and_hash() {
        let key = AuditKey::new(SECRET, None);
        let mac = key.mac(5, HASH);
        assert!(key.authenticates(5, HASH, &mac));
        assert!(!key.authenticates(6, HASH, &mac));
        let other_hash = format!("0{}", &HASH[1..]);
        assert!(!key.authenticates(5, &other_hash, &mac));
        assert!(!AuditKey::new([8u8; KEY_BYTES], None).authenticates(5, HASH, &mac));
        assert!(!key.authenticates(5, HASH, "not hex"));
        assert!(!key.authenticates(5, HASH, &mac[..62]));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let shown = format!("{:?}", AuditKey::new(SECRET, None));
        assert!(!shown.contains(&hex::encode(SECRET)) && !shown.contains("7, 7"), "{shown}");
    }

    #[test]
    fn comments_blank_lines_and_case_are_forgiven() {
        let text = format!(
            "\n# for /srv/ismo.db\n{HEADER}\n\nkey  {}\nstarts-after {}\n",
            "AB".repeat(32),
            HASH.to_uppercase()
        );
        let key = AuditKey::parse(&text).unwrap();
        assert_eq!(key.starts_after(), Some(HASH));
        assert_eq!(key, AuditKey::new([0xab; KEY_BYTES], Some(HASH.into())));
    }

    #[test]
    fn errors_name_the_line() {
        let key = format!("key {}", "ab".repeat(32));
        let parse = |body: &str| AuditKey::parse(&format!("{HEADER}\n{body}\n"));
        assert_eq!(AuditKey::parse(""), Err(KeyFileError::Header));
        assert_eq!(AuditKey::parse(&format!("ismo-audit-key v2\n{key}\n")), Err(KeyFileError::Header));
        assert_eq!(parse(""), Err(KeyFileError::MissingKey));
        assert_eq!(parse("key abc"), Err(KeyFileError::BadKey(2)));
        assert_eq!(parse(&format!("key {}", "zz".repeat(32))), Err(KeyFileError::BadKey(2)));
        assert_eq!(parse(&format!("{key}\n{key}")), Err(KeyFileError::Repeated(3, "key")));
        assert_eq!(parse(&format!("{key}\nstarts-after 12")), Err(KeyFileError::BadStart(3)));
        assert_eq!(parse(&format!("{key}\nstart-after {HASH}")), Err(KeyFileError::Unknown(3)));
        let message = parse("key abc").unwrap_err().to_string();
        assert!(message.contains("line 2") && message.contains("64 hexadecimal"), "{message}");
    }
}
