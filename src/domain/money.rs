//! Amounts of money (budgets, costs) in integer minor units, never floats, so
//! sums in reports are exact.

pub use super::currency::Currency;
use super::invalid::Invalid;
use super::text;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A non-negative amount: `minor` counts the currency's smallest unit
/// (yen for JPY, cents for USD). Serde: `{"minor": 1250, "currency": "USD"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Result<Self, Invalid> {
        if minor < 0 {
            let digits = currency.minor_digits();
            return Err(Invalid::new("invalid-money").with("value", minor).with("digits", digits));
        }
        Ok(Self { minor, currency })
    }

    /// From stored minor units and a currency code (the store's two columns).
    pub fn from_minor(minor: i64, currency: &str) -> Result<Self, Invalid> {
        Self::new(minor, Currency::parse(currency)?)
    }

    /// Accepts `1500000`, `1,500,000`, `¥1,500,000`, `1500000円`, `150万`,
    /// `150万円`, `12.50` (at most the currency's decimals), `USD 12.50`,
    /// full-width digits. Refuses negatives, bad grouping (`1,50`), excess decimals.
    pub fn parse(amount: &str, currency: &str) -> Result<Self, Invalid> {
        let currency = Currency::parse(currency)?;
        let digits = currency.minor_digits();
        let err = || Invalid::new("invalid-money").with("value", amount.trim()).with("digits", digits);
        let c = text::compact(amount).to_ascii_uppercase();
        let code = currency.as_str();
        let mut s = c.strip_prefix(code).or_else(|| c.strip_suffix(code)).unwrap_or(&c);
        s = s.strip_prefix(|ch| currency.accepts_symbol(ch)).unwrap_or(s);
        if currency == Currency::JPY {
            s = s.strip_suffix('円').unwrap_or(s);
        }
        // 万 (ten thousand) is how Japanese budgets are usually written.
        let (s, shift) = s.strip_suffix('万').map_or((s, 0), |r| (r, 4));
        let (int, frac) = match s.split_once('.') {
            Some((_, "")) => return Err(err()),
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if !grouped_digits(int) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let k = frac.len() as u32;
        if shift == 0 && k > digits {
            return Err(err());
        }
        // (int.frac) × 10^(shift+digits) must be a whole number of minor units.
        let ten = |p: u32| 10u128.checked_pow(p);
        let total = int
            .replace(',', "")
            .parse::<u128>()
            .ok()
            .zip(ten(k))
            .and_then(|(i, t)| i.checked_mul(t))
            .and_then(|v| v.checked_add(frac.parse::<u128>().unwrap_or(0)))
            .and_then(|v| v.checked_mul(ten(shift + digits)?))
            .ok_or_else(err)?;
        let scale = ten(k).ok_or_else(err)?;
        if total % scale != 0 {
            return Err(err());
        }
        let minor = i64::try_from(total / scale).map_err(|_| err())?;
        Self::new(minor, currency)
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }
}

/// Digits, optionally grouped by commas in threes (`1,500,000`); `1,50` is
/// refused because in some locales it means 1.50.
fn grouped_digits(s: &str) -> bool {
    let mut groups = s.split(',');
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let grouped = s.contains(',');
    digits(first) && (!grouped || first.len() <= 3) && groups.all(|g| g.len() == 3 && digits(g))
}

/// `¥1,500,000` for JPY; `USD 12.50` (code, space, grouped amount) for the rest,
/// because `$` alone is ambiguous between USD, AUD, CAD...
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.currency.minor_digits();
        let scale = 10i64.pow(d);
        let (int, frac) = (self.minor / scale, self.minor % scale);
        let raw = int.to_string();
        let mut grouped = String::new();
        for (i, ch) in raw.chars().enumerate() {
            if i > 0 && (raw.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if self.currency == Currency::JPY {
            write!(f, "¥{grouped}")
        } else if d == 0 {
            write!(f, "{} {grouped}", self.currency)
        } else {
            write!(f, "{} {grouped}.{frac:0w$}", self.currency, w = d as usize)
        }
    }
}

/// Deserialization re-checks the invariant instead of trusting stored data.
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            minor: i64,
            currency: Currency,
        }
        let raw = Raw::deserialize(d)?;
        Money::new(raw.minor, raw.currency).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yen(n: i64) -> Money {
        Money::new(n, Currency::JPY).unwrap()
    }

    #[test]
    fn accepted_yen_forms() {
        assert_eq!(Money::parse("1", "円").unwrap_err().key, "invalid-currency");
        #[rustfmt::skip]
        let cases = [
            "1500000", "1,500,000", "¥1,500,000", "￥1,500,000", "\\1500000", "1500000円", "150万",
            "150万円", "１，５００，０００", "１５０万円", " 1 500 000 ", "JPY 1,500,000", "1,500,000 JPY",
            "¥150万", "150.0万",
        ];
        for s in cases {
            assert_eq!(Money::parse(s, "JPY"), Ok(yen(1_500_000)), "{s}");
        }
        assert_eq!(Money::parse("0", "JPY"), Ok(yen(0)));
        assert_eq!(Money::parse("1.5万", "JPY"), Ok(yen(15_000)));
    }

    #[test]
    fn accepted_decimal_forms() {
        let usd = |n| Money::new(n, Currency::USD).unwrap();
        assert_eq!(Money::parse("12.50", "USD"), Ok(usd(1250)));
        assert_eq!(Money::parse("12.5", "usd"), Ok(usd(1250)));
        assert_eq!(Money::parse("$1,234.05", "USD"), Ok(usd(123_405)));
        assert_eq!(Money::parse("USD 12.50", "USD"), Ok(usd(1250)));
        assert_eq!(Money::parse("12", "USD"), Ok(usd(1200)));
        assert_eq!(usd(1250).to_string(), "USD 12.50");
        assert_eq!(usd(123_456_705).to_string(), "USD 1,234,567.05");
        assert_eq!(Money::parse("1500", "KRW").unwrap().to_string(), "KRW 1,500");
    }

    #[test]
    fn refusals() {
        #[rustfmt::skip]
        let cases = [
            ("", "JPY"), ("-1500", "JPY"), ("▲1500", "JPY"), ("12.5", "JPY"), ("12.505", "USD"),
            ("1,50", "JPY"), ("1500,000", "JPY"), (",500", "JPY"), ("12.", "USD"), (".5", "USD"),
            ("1.23456万", "JPY"), ("abc", "JPY"), ("$12", "JPY"), ("99999999999999999999", "JPY"),
            ("1e5", "JPY"), ("1500000.0", "JPY"), ("1万万", "JPY"), ("円", "JPY"),
        ];
        for (s, cur) in cases {
            let e = Money::parse(s, cur).unwrap_err();
            assert_eq!((e.key, e.arg("value")), ("invalid-money", Some(s)), "{s}");
        }
        assert_eq!(Money::new(-1, Currency::JPY).unwrap_err().key, "invalid-money");
    }

    #[test]
    fn display_and_serde() {
        assert_eq!(yen(1_500_000).to_string(), "¥1,500,000");
        assert_eq!(yen(999).to_string(), "¥999");
        assert_eq!(yen(0).to_string(), "¥0");
        assert_eq!(Money::from_minor(1250, "USD").unwrap().to_string(), "USD 12.50");
        assert_eq!(Money::from_minor(1, "J").unwrap_err().key, "invalid-currency");
        assert_eq!(Money::from_minor(-1, "JPY").unwrap_err().key, "invalid-money");
        let j = serde_json::to_string(&yen(1500)).unwrap();
        assert_eq!(j, r#"{"minor":1500,"currency":"JPY"}"#);
        assert_eq!(serde_json::from_str::<Money>(&j).unwrap(), yen(1500));
        assert!(serde_json::from_str::<Money>(r#"{"minor":-1,"currency":"JPY"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"minor":1,"currency":"jp"}"#).is_err());
    }

    proptest! {
        #[test]
        fn jpy_display_parse_round_trip(n in 0i64..=i64::MAX) {
            prop_assert_eq!(Money::parse(&yen(n).to_string(), "JPY"), Ok(yen(n)));
        }

        #[test]
        fn usd_display_parse_round_trip(n in 0i64..=i64::MAX) {
            let m = Money::new(n, Currency::USD).unwrap();
            prop_assert_eq!(Money::parse(&m.to_string(), "USD"), Ok(m));
        }
    }
}
