//! Record codes people see and type: objective `1`, `O-3`, plan `1-2`, risk `R-004`.

use super::invalid::Invalid;
use super::text;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

pub const MAX_CODE_CHARS: usize = 20;

/// 1..=20 ASCII letters, digits, `-`, `_`, `.`; case is kept as typed.
///
/// Ordering is natural, so lists read the way people number things:
/// `2` < `10`, `1-2` < `1-10`, `R-9` < `R-010`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(String);

impl Code {
    /// Full-width input and dash look-alikes are folded first; anything else
    /// (blanks, other punctuation, non-ASCII) is refused with `invalid-code`.
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let c = text::unify_dashes(&text::normalize(s));
        let ok = (1..=MAX_CODE_CHARS).contains(&c.len())
            && c.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if ok {
            Ok(Self(c))
        } else {
            Err(Invalid::new("invalid-code").with("value", s.trim()).with("max", MAX_CODE_CHARS))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Digit runs compare by numeric value, other bytes one by one. Codes equal
/// under that rule (`1` vs `01`) are ordered by their first differing digit-run
/// length, shorter first, so `cmp` returns `Equal` only for identical strings,
/// as `Eq` and `Hash` require. Digit runs never overflow: they are compared as
/// strings with leading zeros stripped.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        let (mut i, mut j) = (0, 0);
        let mut tie = Ordering::Equal;
        while i < a.len() && j < b.len() {
            if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
                let (ra, rb) = (digit_run(&a[i..]), digit_run(&b[j..]));
                let (na, nb) = (strip_zeros(ra), strip_zeros(rb));
                let by_value = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                if tie == Ordering::Equal {
                    tie = ra.len().cmp(&rb.len());
                }
                i += ra.len();
                j += rb.len();
            } else {
                match a[i].cmp(&b[j]) {
                    Ordering::Equal => (i, j) = (i + 1, j + 1),
                    unequal => return unequal,
                }
            }
        }
        // A code that is a prefix of the other comes first (`R` < `R-1`).
        (a.len() - i).cmp(&(b.len() - j)).then(tie)
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn digit_run(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    &s[..n]
}

fn strip_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| **b == b'0').count();
    &s[n..]
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Code {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Code {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    #[test]
    fn accepted() {
        for s in ["1", "O-3", "1-2", "R-004", "a_b.c", "12345678901234567890"] {
            assert_eq!(c(s).as_str(), s);
        }
        assert_eq!(c(" Ｒ－００４ ").as_str(), "R-004");
        assert_eq!(c("R−004").as_str(), "R-004");
    }

    #[test]
    fn refusals() {
        for s in ["", "  ", "R 004", "R/004", "リスク1", "123456789012345678901", "é", "a\nb"] {
            let e = Code::parse(s).unwrap_err();
            assert_eq!((e.key, e.arg("value")), ("invalid-code", Some(s.trim())), "{s:?}");
        }
    }

    #[test]
    fn natural_order() {
        let mut v: Vec<Code> = ["10", "2", "1-10", "1-2", "R-010", "R-9", "1", "01", "R", "1.1"].map(c).to_vec();
        v.sort();
        let got: Vec<&str> = v.iter().map(Code::as_str).collect();
        assert_eq!(got, ["1", "01", "1-2", "1-10", "1.1", "2", "10", "R", "R-9", "R-010"]);
        assert!(c("99999999999999999999") > c("9999999999999999999"));
        assert_eq!(c("A1").cmp(&c("A1")), Ordering::Equal);
    }

    fn code() -> impl Strategy<Value = Code> {
        // A small alphabet makes equal prefixes and leading zeros common.
        "[0-2aB._-]{1,6}".prop_map(|s| c(&s))
    }

    proptest! {
        #[test]
        fn total_order_consistent_with_eq(a in code(), b in code(), x in code()) {
            prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
            prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
            if a <= b && b <= x {
                prop_assert!(a <= x);
            }
            let mut v = [a.clone(), b.clone(), x.clone()];
            v.sort();
            prop_assert!(v.windows(2).all(|w| w[0] <= w[1]));
        }
    }
}
