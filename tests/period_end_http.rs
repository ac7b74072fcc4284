//! The period's end: evaluations, carrying unfinished objectives into the
//! next period with a link back, and ended periods being read-only.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::TestApp;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn an_evaluation_settles_the_objective_and_is_kept_with_its_history() {
    let app = TestApp::with_demo_on(day(2026, 3, 25)).await;
    let empty = app.post("/orgs/1/objectives/2/evaluation", &[("result", ""), ("evaluator", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    empty.shows(&["一覧から選んでください", "この項目を入力してください"]);
    let saved = app
        .post(
            "/orgs/1/objectives/2/evaluation",
            &[
                ("result", "partially_achieved"),
                ("measured_value", "95点以上 78%"),
                ("evidence", "2026年3月 テスト集計表"),
                ("evaluator", "山田 太郎"),
                ("evaluated_on", "2026/3/25"),
                ("next_action", "次年度も継続し、対象を派遣社員に広げる"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let objective = app.store.objective(1, 2).await.unwrap().unwrap();
    assert_eq!(objective.status.as_str(), "partially_achieved");
    let page = app.get("/orgs/1/objectives/2").await;
    page.shows(&["評価結果", "一部達成", "95点以上 78%", "2026年3月 テスト集計表", "2026/03/25", "次年度も継続し"]);
    // Revising it needs the version it was opened on.
    let form = app.get("/orgs/1/objectives/2/evaluation").await;
    assert_eq!(form.hidden("version"), "1");
    let stale = app
        .post(
            "/orgs/1/objectives/2/evaluation",
            &[("result", "achieved"), ("evaluator", "x"), ("evaluated_on", "2026-03-26"), ("version", "0")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    // Plans are evaluated on their own.
    let plan = app
        .post(
            "/orgs/1/plans/3/evaluation",
            &[
                ("result", "not_achieved"),
                ("evaluator", "鈴木 一郎"),
                ("evaluated_on", "2025-12-26"),
                ("measured_value", "開封率18%"),
            ],
        )
        .await;
    assert_eq!(plan.status, StatusCode::SEE_OTHER);
    app.get("/orgs/1/period-end").await.shows(&["一部達成", "未達成", "開封率18%"]);
}

#[tokio::test]
async fn unfinished_objectives_are_carried_into_the_next_period_once() {
    // The demo's FY2025, seen in April 2026 when it has ended.
    let app = TestApp::with_demo_from(day(2025, 11, 15), day(2026, 4, 10)).await;
    let page = app.get("/orgs/1/period-end?period=2025").await;
    page.shows(&["年度末の評価と繰越", "2026年度へ繰り越す"]);
    let carried = app.post("/orgs/1/carry-over", &[("period", "2025"), ("objectives", "2"), ("objectives", "3")]).await;
    assert_eq!(carried.status, StatusCode::SEE_OTHER);
    assert_eq!(carried.location(), "/orgs/1/objectives?period=2026");
    let list = app.get(carried.location()).await;
    list.shows(&["従業員の情報セキュリティ意識を向上させる", "情報セキュリティインシデントを削減する"]);
    assert!(!list.body.contains("ISMS認証（ISO/IEC 27001）を取得する</a>"), "objective 1 was not chosen");
    let (copy, year) = app.store.carried_into(1, 2).await.unwrap().unwrap();
    assert_eq!(year, 2026);
    let objective = app.store.objective(1, copy).await.unwrap().unwrap();
    assert_eq!(objective.carried_from_id, Some(2));
    // Its plans come along with their deadlines a year later, and link back too.
    let plans = app.store.plans(1, copy).await.unwrap();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[1].deadline, Some(day(2026, 12, 19)));
    assert!(plans.iter().all(|p| p.carried_from_id.is_some()));
    assert_eq!(app.store.indicators(1, copy).await.unwrap().len(), 2);
    let page = app.get(&format!("/orgs/1/objectives/{copy}")).await;
    page.shows(&["繰越元:", "2025年度 目的 2"]);
    app.get("/orgs/1/objectives/2").await.shows(&["2026年度へ繰越済み"]);
    // Carrying again adds nothing.
    app.post("/orgs/1/carry-over", &[("period", "2025"), ("objectives", "2")]).await;
    assert_eq!(app.store.carried_into(1, 2).await.unwrap().unwrap().0, copy);
    let objectives = app.store.periods_with_objectives(1).await.unwrap();
    assert_eq!(objectives, vec![2026, 2025]);
}

#[tokio::test]
async fn a_deadline_in_words_is_carried_as_words_to_the_next_periods_end() {
    use ismo::domain::plan::{PlanDraft, PlanForm};
    let app = TestApp::with_demo_from(day(2025, 11, 15), day(2026, 4, 10)).await;
    let plan = app.store.plans(1, 3).await.unwrap().remove(0);
    let form = PlanForm { deadline: "通年".into(), ..PlanForm::from_plan(&plan) };
    let draft = PlanDraft::parse_in(&form, ismo::domain::period::Period::new(2025, 4).unwrap()).unwrap();
    app.store.update_plan(1, plan.id, plan.version, &draft, &ismo::domain::actor::Actor::cli()).await.unwrap();
    app.post("/orgs/1/carry-over", &[("period", "2025"), ("objectives", "3")]).await;
    let (copy, _) = app.store.carried_into(1, 3).await.unwrap().unwrap();
    let carried = app.store.plans(1, copy).await.unwrap().remove(0);
    assert_eq!((carried.deadline, carried.deadline_text.as_deref()), (Some(day(2027, 3, 31)), Some("通年")));
}

#[tokio::test]
async fn an_ended_period_is_read_only_but_can_be_evaluated() {
    let app = TestApp::with_demo_from(day(2025, 11, 15), day(2026, 4, 10)).await;
    let page = app.get("/orgs/1/objectives/1").await;
    page.shows(&["2025年度は終了した年度です"]);
    assert!(!page.body.contains(" data-plan=\"") && !page.body.contains("aria-labelledby=\"gn"), "no cell is editable");
    assert!(!page.body.contains("/objectives/1/edit\""));
    for path in ["/orgs/1/objectives/1/edit", "/orgs/1/plans/1/months", "/orgs/1/objectives/1/plans/new"] {
        let refused = app.get(path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        refused.shows(&["終了した年度は変更できません"]);
    }
    let cell = app
        .post("/orgs/1/plans/1/cell", &[("month", "2025-10"), ("field", "result"), ("value", "後から"), ("was", "")])
        .await;
    assert_eq!(cell.status, StatusCode::FORBIDDEN);
    let new_objective =
        app.post("/orgs/1/objectives", &[("period", "2025"), ("code", "9"), ("title", "過去に追加")]).await;
    assert_eq!(new_objective.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.plans_of_period(1, 2025).await.unwrap().len(), 4);
    // Evaluation comes after the year is over, so it stays possible.
    let evaluated = app
        .post(
            "/orgs/1/objectives/1/evaluation",
            &[("result", "achieved"), ("evaluator", "山田 太郎"), ("evaluated_on", "2026-04-10")],
        )
        .await;
    assert_eq!(evaluated.status, StatusCode::SEE_OTHER);
}
