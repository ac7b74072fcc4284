//! Collecting every field's error at once, so a form shows them all together.

use super::invalid::Invalid;

/// The errors of one submitted form, by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(String, Invalid)>);

impl FieldErrors {
    /// Keeps the value when it parsed; otherwise records the error under `field`
    /// and returns a placeholder that is never used, because [`Self::finish`]
    /// refuses the whole form.
    pub fn take<T: Default>(&mut self, field: &str, parsed: Result<T, Invalid>) -> T {
        match parsed {
            Ok(value) => value,
            Err(why) => {
                self.add(field, why);
                T::default()
            }
        }
    }

    pub fn add(&mut self, field: &str, why: Invalid) {
        if self.get(field).is_none() {
            self.0.push((field.to_string(), why));
        }
    }

    pub fn get(&self, field: &str) -> Option<&Invalid> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, e)| e)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(f, _)| f.as_str())
    }

    /// `Ok(value)` when no field failed, else every error.
    pub fn finish<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

/// Parses an optional number written by a person: blank is `None`; full-width
/// digits, thousands separators and a trailing `%` are accepted.
pub fn optional_number(raw: &str) -> Result<Option<f64>, Invalid> {
    let cleaned: String = super::text::normalize(raw).chars().filter(|c| *c != ',' && *c != '%').collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Ok(None);
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(Invalid::new("invalid-number").with("value", raw.trim())),
    }
}

/// Parses an optional record id chosen in a select box (blank is `None`).
pub fn optional_id(raw: &str) -> Result<Option<i64>, Invalid> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>().map(Some).map_err(|_| Invalid::new("invalid-choice").with("value", raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_what_people_type() {
        assert_eq!(optional_number(""), Ok(None));
        assert_eq!(optional_number(" ９５ "), Ok(Some(95.0)));
        assert_eq!(optional_number("1,500"), Ok(Some(1500.0)));
        assert_eq!(optional_number("92%"), Ok(Some(92.0)));
        assert!(optional_number("abc").is_err());
        assert!(optional_number("NaN").is_err());
    }

    #[test]
    fn errors_keep_the_first_per_field() {
        let mut e = FieldErrors::default();
        let v: String = e.take("title", Err(Invalid::new("invalid-required")));
        assert_eq!(v, "");
        e.add("title", Invalid::new("invalid-too-long"));
        assert_eq!(e.get("title").unwrap().key, "invalid-required");
        assert!(e.finish(()).is_err());
        assert_eq!(FieldErrors::default().finish(1), Ok(1));
    }
}
