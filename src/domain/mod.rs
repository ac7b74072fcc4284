//! The ISMS model: organizations, policy, objectives, plans and their months.
//!
//! Pure: no I/O, no SQL, no HTTP. Values arrive as raw text (a form, a CLI
//! argument, later a workbook cell) and are parsed here into types that can
//! only hold valid data; the store keeps what the domain accepted.

// Value types that parse.
pub mod account;
pub mod audit;
pub mod audit_check;
pub mod audit_key;
pub mod code;
pub mod controls;
pub mod currency;
pub mod deadline;
pub mod era;
pub mod ical;
pub mod invalid;
pub mod money;
pub mod password;
pub mod period;
pub mod proxy;
pub mod text;
pub mod throttle;
pub mod written_deadline;
pub mod written_month;
pub mod year_month;

// Records.
pub mod access;
pub mod achievement;
pub mod actor;
pub mod communication;
pub mod dashboard;
pub mod digest;
pub mod evaluation;
pub mod form;
pub mod indicator;
pub mod indicator_wording;
mod indicator_words;
pub mod input;
pub mod input_date;
pub mod measurement;
pub mod membership;
pub mod month;
pub mod month_result;
pub mod objective;
pub mod objective_list;
pub mod organization;
pub mod plan;
pub mod policy;
pub mod progress;
pub mod requirement;
pub mod review;
pub mod review_input;
pub mod risk;
pub mod risk_heatmap;
pub mod risk_inputs;
pub mod risk_level_words;
pub mod risk_method;
pub mod vocabulary;

/// Declares a closed set of values stored as text, with catalog keys for labels.
///
/// Each variant maps to its stored name (also used in URLs and forms) and to the
/// i18n key `{prefix}-{stored name}`.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum $name { #[default] $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name kept in the database and sent by forms.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The catalog key of this value's label.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, "-", $text)),+ }
            }

            pub fn parse(value: &str) -> Result<Self, $crate::domain::invalid::Invalid> {
                match value.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::domain::invalid::Invalid::new("invalid-choice").with("value", other)),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;
pub mod import;
pub mod readiness;
#[cfg(test)]
pub(crate) mod test_records;
