//! Progress derived from the months and deadlines, seen on the pages: the
//! late list with its reasons, this month's tasks, the timeline. The demo is
//! the sample workbook's FY2025 as it stood on a chosen day.

mod common;

use chrono::NaiveDate;
use common::TestApp;
use ismo::domain::actor::Actor;
use ismo::domain::month::parse_cells;
use ismo::domain::objective::{ObjectiveDraft, ObjectiveForm};
use ismo::domain::organization::OrganizationDraft;
use ismo::domain::plan::{PlanDraft, PlanForm};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn in_mid_november_the_october_tasks_without_results_are_late() {
    let app = TestApp::with_demo_on(day(2025, 11, 15)).await;
    let late = app.get("/orgs/1/late").await;
    // Two plans of objectives and the three risk treatments' plans.
    late.shows(&["2025年度", "5 件の計画が遅延しています", "10月 (2025-10)", "R-001", "R-003"]);
    // Plan 1 (internal audit in October) and plan 3 (October's monthly report).
    assert!(late.body.contains("/orgs/1/plans/1\"") && late.body.contains("/orgs/1/plans/4\""), "{}", late.body);
    assert!(!late.body.contains("/orgs/1/plans/2\"") && !late.body.contains("/orgs/1/plans/3\""));
    // The objective page marks the plan delayed and draws the timeline.
    let page = app.get("/orgs/1/objectives/1").await;
    page.shows(&["progress-delayed", "<svg", "role=\"img\"", "進捗"]);
}

#[tokio::test]
async fn this_month_lists_each_task_and_whether_its_result_is_in() {
    let app = TestApp::with_demo_on(day(2025, 11, 15)).await;
    let page = app.get("/orgs/1/this-month").await;
    page.shows(&["11月", "マネジメントレビュー", "月次報告", "電子化", "3 件中 0 件", "未報告"]);
    // Once a result is written the task counts as reported.
    app.post("/orgs/1/plans/4/cell", &[("month", "2025-11"), ("field", "result"), ("value", "0件"), ("was", "")]).await;
    app.get("/orgs/1/this-month").await.shows(&["3 件中 1 件", "0件"]);
}

#[tokio::test]
async fn a_deadline_passed_without_done_makes_a_plan_late() {
    // Plan 2-2's deadline is 2025-12-19: on that day it is not late, the day after it is.
    let on = TestApp::with_demo_on(day(2025, 12, 19)).await;
    assert!(!on.get("/orgs/1/late").await.body.contains("/orgs/1/plans/3\""));
    let after = TestApp::with_demo_on(day(2025, 12, 20)).await;
    let late = after.get("/orgs/1/late").await;
    late.shows(&["2025/12/19", "達成期限"]);
    assert!(late.body.contains("/orgs/1/plans/3\""));
}

#[tokio::test]
async fn a_fiscal_year_from_january_counts_its_own_months() {
    let today = day(2026, 2, 1);
    let app = TestApp::with_demo_on(today).await;
    let actor = Actor::cli();
    let mut draft = OrganizationDraft::with_defaults("暦年の会社").unwrap();
    draft.fiscal_start_month = 1;
    let org = app.store.create_organization(&draft, &actor).await.unwrap().id;
    let admin = app.store.user_by_email("demo@ismo.local").await.unwrap().unwrap().0;
    app.store.add_member(org, admin.id, ismo::domain::access::Role::Admin, &actor).await.unwrap();
    let form = ObjectiveForm { code: "1".into(), title: "暦年の目的".into(), ..Default::default() };
    let objective =
        app.store.create_objective(org, 2026, &ObjectiveDraft::parse(&form).unwrap(), &actor).await.unwrap();
    let plan_form = PlanForm { actions: "1月の棚卸し".into(), ..Default::default() };
    let plan = app
        .store
        .create_plan(
            org,
            ismo::domain::plan::PlanParent::Objective(objective),
            &PlanDraft::parse(&plan_form).unwrap(),
            &actor,
        )
        .await
        .unwrap();
    let fiscal = ismo::domain::period::Period::new(2026, 1).unwrap();
    let cells = parse_cells(&fiscal, &[("planned_2026-01".into(), "棚卸し".into())]).unwrap();
    app.store.save_months(org, plan, None, &cells, &actor).await.unwrap();
    // On 1 February, January is past and has no result: late. The grid runs January to December.
    let late = app.get(&format!("/orgs/{org}/late")).await;
    late.shows(&["2026年度", "1月 (2026-01)"]);
    let page = app.get(&format!("/orgs/{org}/objectives/{objective}")).await;
    let jan = page.body.find(">1月</th>").unwrap();
    let dec = page.body.find(">12月</th>").unwrap();
    assert!(jan < dec);
    // On 31 January the month is not over yet.
    let earlier = TestApp::with_demo_on(day(2026, 1, 31)).await;
    assert!(earlier.get("/orgs/1/late").await.status.is_success());
}
