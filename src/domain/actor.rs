//! Who makes a change, and what kind of change, as the audit trail records it.

use super::text_enum;

/// The person (or tool) behind a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account, when a logged-in user made the change.
    pub user_id: Option<i64>,
    /// How the trail shows the actor: an e-mail address, `cli` or `demo`.
    pub label: String,
}

impl Actor {
    pub fn user(id: i64, email: &str) -> Actor {
        Actor { user_id: Some(id), label: email.to_string() }
    }

    /// A change made from the command line by the operator.
    pub fn cli() -> Actor {
        Actor { user_id: None, label: "cli".into() }
    }

    /// Records entered by `serve --demo`.
    pub fn demo() -> Actor {
        Actor { user_id: None, label: "demo".into() }
    }
}

text_enum!(
    /// The kinds of change the trail distinguishes.
    AuditAction, "audit-action", {
        Create => "create",
        Update => "update",
        Status => "status",
    }
);
