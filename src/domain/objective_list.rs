//! The objectives list's filters and orders, over a period's objectives and
//! plans as read: the list page narrows the period it already holds, and
//! the store's list query answers by the same rules.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;

use super::objective::{Objective, ObjectiveStatus};
use super::plan::{Plan, PlanStatus};

/// What the objectives list is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectiveFilter {
    pub status: Option<ObjectiveStatus>,
    pub department: Option<String>,
    /// A responsible person of at least one of the objective's plans.
    pub responsible: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ObjectiveSort {
    #[default]
    Code,
    Title,
    Status,
    Department,
    /// Earliest deadline among the objective's plans; objectives without one last.
    Deadline,
}

impl ObjectiveSort {
    pub const ALL: [ObjectiveSort; 5] = [
        ObjectiveSort::Code,
        ObjectiveSort::Title,
        ObjectiveSort::Status,
        ObjectiveSort::Department,
        ObjectiveSort::Deadline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveSort::Code => "code",
            ObjectiveSort::Title => "title",
            ObjectiveSort::Status => "status",
            ObjectiveSort::Department => "department",
            ObjectiveSort::Deadline => "deadline",
        }
    }

    /// Unknown values fall back to the default order rather than failing a list.
    pub fn parse(raw: &str) -> ObjectiveSort {
        ObjectiveSort::ALL.into_iter().find(|s| s.as_str() == raw).unwrap_or_default()
    }
}

fn status_rank(s: ObjectiveStatus) -> usize {
    ObjectiveStatus::ALL.iter().position(|x| *x == s).unwrap_or(usize::MAX)
}

/// The objectives `filter` lets through, in `sort`'s order and then by
/// number (codes sort naturally: 2 before 10). `plans` are the period's
/// plans of objectives (others are ignored).
pub fn select<'a>(
    objectives: impl IntoIterator<Item = &'a Objective>,
    plans: &[&Plan],
    filter: &ObjectiveFilter,
    sort: ObjectiveSort,
) -> Vec<&'a Objective> {
    let responsible_for: HashSet<i64> = match &filter.responsible {
        Some(name) => plans
            .iter()
            .filter(|p| p.responsible_name.as_deref() == Some(name.as_str()))
            .filter_map(|p| p.objective_id())
            .collect(),
        None => HashSet::new(),
    };
    let mut first_deadline: HashMap<i64, NaiveDate> = HashMap::new();
    if sort == ObjectiveSort::Deadline {
        for p in plans.iter().filter(|p| p.status != PlanStatus::Cancelled) {
            if let (Some(o), Some(d)) = (p.objective_id(), p.deadline) {
                first_deadline.entry(o).and_modify(|x| *x = (*x).min(d)).or_insert(d);
            }
        }
    }
    let mut shown: Vec<&Objective> = objectives
        .into_iter()
        .filter(|o| filter.status.is_none_or(|s| o.status == s))
        .filter(|o| filter.department.is_none() || o.department == filter.department)
        .filter(|o| filter.responsible.is_none() || responsible_for.contains(&o.id))
        .collect();
    shown.sort_by(|a, b| {
        let primary = match sort {
            ObjectiveSort::Code => std::cmp::Ordering::Equal,
            ObjectiveSort::Title => a.title.cmp(&b.title),
            ObjectiveSort::Status => status_rank(a.status).cmp(&status_rank(b.status)),
            ObjectiveSort::Department => {
                a.department.is_none().cmp(&b.department.is_none()).then(a.department.cmp(&b.department))
            }
            ObjectiveSort::Deadline => {
                let (da, db) = (first_deadline.get(&a.id), first_deadline.get(&b.id));
                da.is_none().cmp(&db.is_none()).then(da.cmp(&db))
            }
        };
        primary.then_with(|| a.code.cmp(&b.code))
    });
    shown
}

/// The departments the objectives name, for the list's filter, in order.
pub fn departments(objectives: &[Objective]) -> Vec<String> {
    let named: BTreeSet<&String> = objectives.iter().filter_map(|o| o.department.as_ref()).collect();
    named.into_iter().cloned().collect()
}

/// The responsible persons of the objectives' plans, for the list's filter, in order.
pub fn responsible_names(plans: &[&Plan]) -> Vec<String> {
    let named: BTreeSet<&String> =
        plans.iter().filter(|p| p.objective_id().is_some()).filter_map(|p| p.responsible_name.as_ref()).collect();
    named.into_iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::PlanParent;
    use crate::domain::test_records::{day, objective, plan};

    fn objectives() -> Vec<Objective> {
        let mut a = objective(1, "10", "教育", ObjectiveStatus::Active);
        a.department = Some("総務部".into());
        let mut b = objective(2, "2", "監査", ObjectiveStatus::Draft);
        b.department = Some("情報システム部".into());
        let c = objective(3, "3", "アクセス管理", ObjectiveStatus::Active);
        vec![a, b, c]
    }

    fn plans() -> Vec<Plan> {
        let mut p1 = plan(11, PlanParent::Objective(1), "研修");
        p1.deadline = Some(day(2025, 12, 1));
        p1.responsible_name = Some("佐藤".into());
        let mut p2 = plan(21, PlanParent::Objective(2), "監査");
        p2.deadline = Some(day(2025, 9, 1));
        let mut cancelled = plan(22, PlanParent::Objective(2), "中止");
        cancelled.deadline = Some(day(2025, 5, 1));
        cancelled.status = PlanStatus::Cancelled;
        let mut p3 = plan(31, PlanParent::Objective(3), "棚卸し");
        p3.deadline = None;
        p3.responsible_name = Some("佐藤".into());
        vec![p1, p2, cancelled, p3]
    }

    fn refs(plans: &[Plan]) -> Vec<&Plan> {
        plans.iter().collect()
    }

    fn codes(list: &[&Objective]) -> Vec<String> {
        list.iter().map(|o| o.code.to_string()).collect()
    }

    #[test]
    fn numbers_sort_naturally_and_orders_fall_back_to_them() {
        let (o, p) = (objectives(), plans());
        let p = refs(&p);
        let all = ObjectiveFilter::default();
        assert_eq!(codes(&select(&o, &p, &all, ObjectiveSort::Code)), ["2", "3", "10"]);
        assert_eq!(codes(&select(&o, &p, &all, ObjectiveSort::Status)), ["2", "3", "10"]);
        // 9/1 (the cancelled plan's 5/1 does not count), 12/1, then none.
        assert_eq!(codes(&select(&o, &p, &all, ObjectiveSort::Deadline)), ["2", "10", "3"]);
        // Objectives without a department come last.
        assert_eq!(codes(&select(&o, &p, &all, ObjectiveSort::Department)), ["2", "10", "3"]);
    }

    #[test]
    fn filters_narrow_by_status_department_and_responsible_person() {
        let (o, p) = (objectives(), plans());
        let p = refs(&p);
        let by = |filter: ObjectiveFilter| codes(&select(&o, &p, &filter, ObjectiveSort::Code));
        assert_eq!(by(ObjectiveFilter { status: Some(ObjectiveStatus::Active), ..Default::default() }), ["3", "10"]);
        assert_eq!(by(ObjectiveFilter { department: Some("総務部".into()), ..Default::default() }), ["10"]);
        assert_eq!(by(ObjectiveFilter { responsible: Some("佐藤".into()), ..Default::default() }), ["3", "10"]);
        assert!(by(ObjectiveFilter { responsible: Some("誰か".into()), ..Default::default() }).is_empty());
    }

    #[test]
    fn the_filters_offer_each_name_once_in_order() {
        let (o, p) = (objectives(), plans());
        let p = refs(&p);
        assert_eq!(departments(&o), ["情報システム部", "総務部"]);
        assert_eq!(responsible_names(&p), ["佐藤", "山田 太郎"]);
    }
}
