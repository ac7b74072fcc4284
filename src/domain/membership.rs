//! Who belongs to an organization and in which state, and the rules for
//! changing that: an organization never loses its last admin, and a person
//! who has left stays on old records as a former member.
//!
//! Pure: the store supplies the members, the caller supplies the change.

use chrono::TimeDelta;

use super::access::Role;
use super::text_enum;

/// How long a one-time link to set a password works (an invitation or the
/// first admin's setup link).
pub const PASSWORD_LINK_VALID: TimeDelta = TimeDelta::hours(72);

text_enum!(
    /// A member's state as the members page shows it: active; invited (an
    /// account without a password yet); disabled (nobody can sign in with
    /// it); removed (no longer a member, kept on old records as a former one).
    MemberState, "member-state", {
        Active => "active",
        Invited => "invited",
        Disabled => "disabled",
        Removed => "removed",
    }
);

impl MemberState {
    pub fn of(has_password: bool, disabled: bool, removed: bool) -> MemberState {
        if removed {
            MemberState::Removed
        } else if disabled {
            MemberState::Disabled
        } else if has_password {
            MemberState::Active
        } else {
            MemberState::Invited
        }
    }

    /// Whether the person may be given new plans and risks.
    pub fn assignable(self) -> bool {
        matches!(self, MemberState::Active | MemberState::Invited)
    }
}

/// One current member as the last-admin rule sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    pub user_id: i64,
    pub role: Role,
    /// A disabled account cannot administer anything.
    pub disabled: bool,
}

/// A change to one person's place in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatChange {
    /// Their role becomes this one.
    Role(Role),
    /// They stop being a member.
    Remove,
    /// Their account is disabled (in every organization).
    Disable,
}

/// Whether `change` to `user_id` would leave the organization without an
/// admin who can sign in. Making someone admin never does; a change to a
/// person who is not an admin never does either.
pub fn leaves_no_admin(seats: &[Seat], user_id: i64, change: SeatChange) -> bool {
    if change == SeatChange::Role(Role::Admin) {
        return false;
    }
    let target_is_working_admin = seats.iter().any(|s| s.user_id == user_id && s.role == Role::Admin && !s.disabled);
    if !target_is_working_admin {
        return false;
    }
    !seats.iter().any(|s| s.user_id != user_id && s.role == Role::Admin && !s.disabled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seat(user_id: i64, role: Role, disabled: bool) -> Seat {
        Seat { user_id, role, disabled }
    }

    #[test]
    fn the_last_admin_stays() {
        let seats = [seat(1, Role::Admin, false), seat(2, Role::Manager, false)];
        assert!(leaves_no_admin(&seats, 1, SeatChange::Remove));
        assert!(leaves_no_admin(&seats, 1, SeatChange::Disable));
        assert!(leaves_no_admin(&seats, 1, SeatChange::Role(Role::Manager)));
        assert!(!leaves_no_admin(&seats, 1, SeatChange::Role(Role::Admin)));
        assert!(!leaves_no_admin(&seats, 2, SeatChange::Remove));
    }

    #[test]
    fn a_second_admin_lets_the_first_go_unless_disabled() {
        let two = [seat(1, Role::Admin, false), seat(2, Role::Admin, false)];
        assert!(!leaves_no_admin(&two, 1, SeatChange::Remove));
        let other_disabled = [seat(1, Role::Admin, false), seat(2, Role::Admin, true)];
        assert!(leaves_no_admin(&other_disabled, 1, SeatChange::Remove));
        // A disabled admin may go: nobody could sign in as them anyway.
        assert!(!leaves_no_admin(&other_disabled, 2, SeatChange::Remove));
    }

    #[test]
    fn states() {
        assert_eq!(MemberState::of(true, false, false), MemberState::Active);
        assert_eq!(MemberState::of(false, false, false), MemberState::Invited);
        assert_eq!(MemberState::of(true, true, false), MemberState::Disabled);
        assert_eq!(MemberState::of(true, true, true), MemberState::Removed);
        assert!(MemberState::Invited.assignable());
        assert!(!MemberState::Disabled.assignable());
        assert!(!MemberState::Removed.assignable());
    }
}
