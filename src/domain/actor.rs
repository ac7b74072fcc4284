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

    /// Someone who has not signed in, e.g. behind a failed sign-in: who
    /// typed the password is exactly what is not known.
    pub fn anonymous() -> Actor {
        Actor { user_id: None, label: "anonymous".into() }
    }

    /// Records entered by `serve --demo`.
    pub fn demo() -> Actor {
        Actor { user_id: None, label: "demo".into() }
    }
}

text_enum!(
    /// The kinds of change the trail distinguishes, and sign-ins.
    AuditAction, "audit-action", {
        Create => "create",
        Update => "update",
        Status => "status",
        SignIn => "sign_in",
        SignInFailed => "sign_in_failed",
    }
);
