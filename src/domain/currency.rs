//! ISO 4217-shaped currency codes.

use super::invalid::Invalid;
use super::text;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A three-letter upper-case currency code such as `JPY`. Only the shape is
/// checked, not membership in the ISO 4217 list, which changes over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub const JPY: Currency = Currency(*b"JPY");
    pub const USD: Currency = Currency(*b"USD");

    /// Case-insensitive (`jpy` → `JPY`), full-width letters allowed.
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let c = text::compact(s).to_ascii_uppercase();
        match <[u8; 3]>::try_from(c.as_bytes()) {
            Ok(b) if b.iter().all(u8::is_ascii_uppercase) => Ok(Self(b)),
            _ => Err(Invalid::new("invalid-currency").with("value", s.trim())),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("invariant: ASCII letters")
    }

    /// Decimal places of the minor unit. Simplified on purpose: JPY and KRW
    /// have none, everything else is treated as cents (BHD/KWD's 3 are not modelled).
    pub fn minor_digits(self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" => 0,
            _ => 2,
        }
    }

    /// Symbols accepted in front of an amount; `\` because Japanese fonts draw it as `¥`.
    pub(crate) fn accepts_symbol(self, c: char) -> bool {
        match &self.0 {
            b"JPY" => matches!(c, '¥' | '\\'),
            b"CNY" => c == '¥',
            b"USD" => c == '$',
            b"EUR" => c == '€',
            b"GBP" => c == '£',
            b"KRW" => c == '₩',
            _ => false,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies() {
        assert_eq!(Currency::parse(" jpy ").unwrap(), Currency::JPY);
        assert_eq!(Currency::parse("ＵＳＤ").unwrap().to_string(), "USD");
        assert_eq!((Currency::JPY.minor_digits(), Currency::USD.minor_digits()), (0, 2));
        assert_eq!(Currency::parse("krw").unwrap().minor_digits(), 0);
        for bad in ["", "JP", "JPYY", "J1Y", "円", "¥"] {
            let e = Currency::parse(bad).unwrap_err();
            assert_eq!((e.key, e.arg("value")), ("invalid-currency", Some(bad)));
        }
    }
}
