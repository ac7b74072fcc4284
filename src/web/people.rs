//! Who may be chosen as a plan's responsible person or a risk's owner:
//! members of the organization who can sign in. A person who has left stays
//! on the records that name them, offered only there and marked as a former
//! member, so an edit that does not touch them keeps them.

use super::extract::Ctx;
use super::page::Options;
use crate::error::AppResult;

/// The select box's options: "not a user" first, then the members who can
/// be given work, then the record's current person (`current`: their id and
/// the name the record shows) when they are no longer one of them.
pub async fn people_options(ctx: &Ctx, current: Option<(i64, Option<&str>)>) -> AppResult<Options> {
    let t = &ctx.t;
    let mut people = vec![(String::new(), t.t("plan-responsible-not-user"))];
    for (user, _) in ctx.store.members(ctx.org.id).await? {
        if !user.disabled {
            people.push((user.id.to_string(), user.display_name));
        }
    }
    if let Some((id, name)) = current
        && !people.iter().any(|(value, _)| *value == id.to_string())
    {
        let name = name.unwrap_or_default();
        people.push((id.to_string(), format!("{name} ({})", t.t("former-member"))));
    }
    Ok(people)
}

/// The name a chosen person is shown by: a member who can be given work,
/// or the record's current person kept as they were (`kept`). `None`: not
/// someone who may be chosen.
pub async fn chosen_name(ctx: &Ctx, user_id: i64, kept: Option<(i64, Option<&str>)>) -> AppResult<Option<String>> {
    if let Some((id, name)) = kept
        && id == user_id
    {
        return Ok(Some(name.unwrap_or_default().to_string()));
    }
    let members = ctx.store.members(ctx.org.id).await?;
    Ok(members.into_iter().find(|(u, _)| u.id == user_id && !u.disabled).map(|(u, _)| u.display_name))
}
