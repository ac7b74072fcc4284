//! Password hashing (argon2id, PHC strings) and the rules for a new password.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use super::invalid::Invalid;

pub const MIN_CHARS: usize = 8;
/// A cap so that nobody can make the server hash a megabyte per request.
pub const MAX_CHARS: usize = 1024;

/// Hashes with argon2id, default parameters and a fresh random salt from the
/// operating system. The result is a PHC string (`$argon2id$v=19$m=…`).
pub fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 with default parameters hashes any input; the OS RNG is available")
        .to_string()
}

/// Whether `password` matches `phc`; false for a malformed or unknown hash.
/// The parameters are read from the hash, so older hashes keep working.
pub fn verify_password(password: &str, phc: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), phc).is_ok()
}

/// A hash made with the default parameters of a password nobody types; kept
/// as a constant so that even the first unknown-address login takes as long
/// as the others.
const DUMMY_PHC: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$NWhjSzfYHnAmJB+whcaxyw$BsHZCBoxgorIwEWFocLxnwtN3JM4Q/gfFmupzx7pmcc";

/// Spends the time a real verification takes, for a login with an unknown
/// e-mail address (or an account that cannot log in): the answer time must
/// not tell which accounts exist.
pub fn dummy_verify() {
    let _ = verify_password("not the password", DUMMY_PHC);
}

/// The rules for a password someone chooses: 8 to 1024 characters.
pub fn check_new_password(password: &str) -> Result<(), Invalid> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(Invalid::new("invalid-password-short").with("min", MIN_CHARS));
    }
    if chars > MAX_CHARS {
        return Err(Invalid::new("invalid-password-long").with("max", MAX_CHARS));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_salted() {
        let a = hash_password("correct horse battery");
        let b = hash_password("correct horse battery");
        assert!(a.starts_with("$argon2id$v=19$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_password("correct horse battery", &a));
        assert!(verify_password("correct horse battery", &b));
        assert!(!verify_password("correct horse batterY", &a));
        assert!(!verify_password("", &a));
    }

    #[test]
    fn malformed_hashes_do_not_verify() {
        for phc in ["", "plain text", "$argon2id$v=19$", "$2b$12$abcdefghijklmnopqrstuv"] {
            assert!(!verify_password("anything", phc), "{phc:?}");
        }
        dummy_verify();
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        // Same algorithm and parameters as hash_password, so the same time.
        let real = hash_password("x");
        let params = |phc: &str| phc.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(params(DUMMY_PHC), params(&real));
        assert!(verify_password("ismo dummy password", DUMMY_PHC));
    }

    #[test]
    fn new_password_rules() {
        let e = check_new_password("1234567").unwrap_err();
        assert_eq!(e.key, "invalid-password-short");
        assert_eq!(e.arg("min"), Some("8"));
        assert!(check_new_password("12345678").is_ok());
        // Characters, not bytes: 8 Japanese characters are enough.
        assert!(check_new_password("情報セキュリティ").is_ok());
        assert!(check_new_password(&"x".repeat(1024)).is_ok());
        let e = check_new_password(&"x".repeat(1025)).unwrap_err();
        assert_eq!(e.key, "invalid-password-long");
        assert_eq!(e.arg("max"), Some("1024"));
    }
}
