//! Roles and what they may do (domain.md, "Roles"). One table decides; the
//! web layer asks it for every route.

use super::text_enum;

text_enum!(
    /// A user's role in one organization. The least-privileged role comes
    /// first, so a placeholder value can never grant anything.
    Role, "role", {
        Auditor => "auditor",
        Owner => "owner",
        Manager => "manager",
        Admin => "admin",
    }
);

/// What a route requires of the person asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not (health check, static files, login).
    Public,
    /// Any logged-in user; the page itself shows only their organizations.
    LoggedIn,
    /// Any member of the organization in the URL: read.
    Read,
    /// Admins and managers (the ISMS secretariat): create and change records.
    Edit,
    /// Admins and managers, or an owner who is the plan's responsible person.
    PlanOwner,
    /// Admins only: users and settings.
    Admin,
}

impl Role {
    /// Whether this role passes `access` (for `PlanOwner`, an owner passes
    /// here and the handler then checks that the plan is theirs).
    pub fn allows(self, access: Access) -> bool {
        match access {
            Access::Public | Access::LoggedIn | Access::Read => true,
            Access::Edit => matches!(self, Role::Admin | Role::Manager),
            Access::PlanOwner => matches!(self, Role::Admin | Role::Manager | Role::Owner),
            Access::Admin => self == Role::Admin,
        }
    }

    /// Whether the role may change every objective and plan (not only its own).
    pub fn edits_everything(self) -> bool {
        self.allows(Access::Edit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roles_table_of_the_domain() {
        use Access::*;
        let table = [
            (Role::Admin, [true, true, true, true]),
            (Role::Manager, [true, true, true, false]),
            (Role::Owner, [true, false, true, false]),
            (Role::Auditor, [true, false, false, false]),
        ];
        for (role, [read, edit, plan_owner, admin]) in table {
            assert_eq!(role.allows(Read), read, "{role} read");
            assert_eq!(role.allows(Edit), edit, "{role} edit");
            assert_eq!(role.allows(PlanOwner), plan_owner, "{role} plan owner");
            assert_eq!(role.allows(Admin), admin, "{role} admin");
        }
        assert_eq!(Role::default(), Role::Auditor);
    }
}
