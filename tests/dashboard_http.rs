//! The findings page, the count in the navigation and the dashboard, on the
//! demo as it stood on a chosen day. Expected numbers are computed from the
//! store and the domain's own rules, not written down.

mod common;

use std::collections::HashMap;

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use common::{Answer, TestApp};
use ismo::domain::access::Role;
use ismo::domain::account::{DisplayName, Email};
use ismo::domain::actor::Actor;
use ismo::domain::month::full_year;
use ismo::domain::objective::ObjectiveStatus;
use ismo::domain::organization::OrganizationDraft;
use ismo::domain::plan::{Plan, PlanStatus};
use ismo::domain::progress::{Progress, plan_progress};
use ismo::domain::readiness::{Finding, Rule, Severity, check};
use ismo::i18n::{Lang, Tr};
use ismo::store::{ObjectiveFilter, ObjectiveSort};

const PERIOD: i32 = 2025;

/// December 1st of FY2025: plan 2-2's deadline (12/19) is 18 days away, R-003's (2026/01/31) two months.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()
}

async fn findings(app: &TestApp) -> Vec<Finding> {
    check(&app.store.readiness_facts(1, PERIOD).await.unwrap(), today())
}

async fn risk_id(app: &TestApp, code: &str) -> i64 {
    app.store.risks(1, PERIOD).await.unwrap().into_iter().find(|r| r.code == code).unwrap().id
}

/// The period's plans, of objectives and of treatments, with their progress today.
async fn plans(app: &TestApp) -> Vec<(Plan, Progress)> {
    let org = app.store.organization(1).await.unwrap().unwrap();
    let mut plans = app.store.plans_of_period(1, PERIOD).await.unwrap();
    plans.extend(app.store.treatment_plans_of_period(1, PERIOD).await.unwrap());
    let months = app.store.months_of_period(1, PERIOD).await.unwrap();
    plans
        .into_iter()
        .map(|p| {
            let cells = full_year(&org.period(PERIOD), months.get(&p.id).map(Vec::as_slice).unwrap_or_default());
            let progress = plan_progress(&p, &cells, today()).status;
            (p, progress)
        })
        .collect()
}

/// The part of the page from the section `id="{id}"` to its end (sections here do not nest inside it).
fn section<'a>(answer: &'a Answer, id: &str) -> &'a str {
    let start = answer.body.find(&format!(" id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}"));
    let rest = &answer.body[start..];
    &rest[..rest.find("</section>").unwrap()]
}

fn plan_link(id: i64) -> String {
    format!("href=\"/orgs/1/plans/{id}\"")
}

#[tokio::test]
async fn the_findings_page_lists_the_untreated_risk_with_links_to_fix_it() {
    let app = TestApp::with_demo_on(today()).await;
    let found = findings(&app).await;
    let r004 = risk_id(&app, "R-004").await;
    assert!(found.iter().any(|f| f.rule == Rule::Treat && f.record == "R-004"), "{found:?}");

    let page = app.get("/orgs/1/findings").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&[
        "指摘事項",
        "2025年度",
        "2025/12/01 時点",
        "id=\"rule-6-1-3-treat\"",
        "6.1.3-treat",
        "6.1.3 リスク対応",
        "R-004",
        &format!("href=\"/orgs/1/risks/{r004}\""),
        &format!("href=\"/orgs/1/risks/{r004}/treatment\""),
        "リスク対応を決める",
    ]);
    // Every finding is listed, once, with its message in the reader's language.
    let t = Tr::new(Lang::Ja);
    for f in &found {
        assert!(page.body.contains(&askama_escape(&t.finding(f))), "{f:?} missing");
    }
    // Each rule with findings is a group with its count.
    for rule in Rule::ALL {
        let n = found.iter().filter(|f| f.rule == rule).count();
        assert_eq!(page.body.contains(&format!("id=\"rule-{}\"", rule.slug())), n > 0, "{}", rule.id());
    }

    // Filtered by severity: R-004's nonconformity is not among the observations.
    let observations = app.get("/orgs/1/findings?severity=observation").await;
    assert!(!observations.body.contains("id=\"rule-6-1-3-treat\""));
    let nonconformities = app.get("/orgs/1/findings?severity=nonconformity").await;
    assert!(nonconformities.body.contains("id=\"rule-6-1-3-treat\""));
    assert!(!nonconformities.body.contains("id=\"rule-progress-late\""));
    // And by rule, as the dashboard links to it.
    let one = app.get("/orgs/1/findings?rule=6-1-3-treat").await;
    one.shows(&["id=\"rule-6-1-3-treat\"", "R-004"]);
    assert_eq!(one.body.matches("<section class=\"finding-group\"").count(), 1);

    // In English too.
    app.get_en("/orgs/1/findings").await.shows(&["Findings", "Decide the risk treatment", "Nonconformity"]);
}

/// The message as askama writes it into the page.
fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;").replace('\'', "&#39;")
}

#[tokio::test]
async fn the_navigation_counts_the_findings_and_highlights_nonconformities() {
    let app = TestApp::with_demo_on(today()).await;
    let found = findings(&app).await;
    let nonconformities = found.iter().filter(|f| f.severity == Severity::Nonconformity).count();
    assert!(nonconformities > 0);
    for path in ["/orgs/1/objectives", "/orgs/1/risks", "/orgs/1/findings", "/orgs/1/dashboard"] {
        let page = app.get(path).await;
        page.shows(&[
            &format!("指摘 ({})", found.len()),
            "has-nonconformity",
            &format!("不適合 {nonconformities}</span>"),
            "href=\"/orgs/1/findings?period=2025\"",
        ]);
    }
    // The current page is marked in the navigation.
    assert!(
        app.get("/orgs/1/findings")
            .await
            .body
            .contains("has-nonconformity\" href=\"/orgs/1/findings?period=2025\" aria-current=\"page\"")
    );
}

#[tokio::test]
async fn the_navigation_counts_follow_a_change_to_the_records() {
    let app = TestApp::with_demo_on(today()).await;
    let before = findings(&app).await.len();
    app.get("/orgs/1/objectives").await.shows(&[&format!("指摘 ({before})")]);
    app.get("/orgs/1/risks").await.shows(&[&format!("指摘 ({before})")]);

    // R-004 gets an approved treatment: its `6.1.3-treat` finding goes, and the next page counts again.
    let settings = app.store.organization(1).await.unwrap().unwrap().risk;
    let form = ismo::domain::risk::TreatmentForm {
        option: "reduce".into(),
        controls: "A.8.5".into(),
        target_residual: "4".into(),
        ..Default::default()
    };
    let draft = ismo::domain::risk::TreatmentDraft::parse(&form, &settings).unwrap();
    let r004 = risk_id(&app, "R-004").await;
    app.store.save_treatment(1, r004, None, &draft, &Actor::cli()).await.unwrap();
    app.store.approve_treatment(1, r004, true, true, "鈴木 一郎", &Actor::cli()).await.unwrap();
    let after = findings(&app).await.len();
    assert_ne!(after, before, "the change alters what the check finds");
    app.get("/orgs/1/objectives").await.shows(&[&format!("指摘 ({after})")]);
}

#[tokio::test]
async fn an_auditor_reads_the_findings_without_links_to_change_anything() {
    let app = TestApp::with_demo_on(today()).await;
    let r004 = risk_id(&app, "R-004").await;
    app.login("auditor@ismo.local", ismo::demo::DEMO_PASSWORD).await;
    let page = app.get("/orgs/1/findings").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&["R-004", &format!("href=\"/orgs/1/risks/{r004}\""), "6.1.3-treat"]);
    for form in ["/treatment\"", "/edit\"", "/new\"", "/new?", "/months\"", "#treatment-title\""] {
        assert!(!page.body.contains(form), "an auditor is offered {form}");
    }
    // The dashboard too.
    assert_eq!(app.get("/orgs/1/dashboard").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_owner_is_offered_only_the_forms_of_their_own_plans() {
    let app = TestApp::with_demo_on(today()).await;
    let found = findings(&app).await;
    app.login("owner@ismo.local", ismo::demo::DEMO_PASSWORD).await;
    let (owner, _) = app.store.user_by_email("owner@ismo.local").await.unwrap().unwrap();
    let page = app.get("/orgs/1/findings").await;
    assert_eq!(page.status, StatusCode::OK);
    // No objective or treatment forms: those are the secretariat's.
    assert!(!page.body.contains("/treatment\"") && !page.body.contains("/objectives/new"));
    let all = plans(&app).await;
    let mut seen = (0, 0);
    for f in found.iter().filter(|f| f.rule == Rule::Late) {
        let ismo::domain::readiness::Subject::Plan(id) = f.subject else { continue };
        let (plan, _) = all.iter().find(|(p, _)| p.id == id).unwrap();
        let mine = plan.responsible_user_id == Some(owner.id);
        let offered = page.body.contains(&format!("/orgs/1/plans/{id}/months\""))
            || page.body.contains(&format!("/orgs/1/plans/{id}/edit\""));
        assert_eq!(offered, mine, "plan {id}");
        if mine { seen.0 += 1 } else { seen.1 += 1 }
    }
    assert!(seen.0 > 0 && seen.1 > 0, "late plans of the owner and of others: {seen:?}");
}

#[tokio::test]
async fn another_organizations_findings_and_dashboard_are_not_found() {
    let app = TestApp::with_demo_on(today()).await;
    let actor = Actor::cli();
    let other =
        app.store.create_organization(&OrganizationDraft::with_defaults("別会社").unwrap(), &actor).await.unwrap();
    for path in ["findings", "dashboard"] {
        let answer = app.get(&format!("/orgs/{}/{path}", other.id)).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Its own admin sees its (empty) organization: no active objective is a finding.
    let email = Email::parse("other@example.com").unwrap();
    let hash = ismo::domain::password::hash_password("other-password");
    let user =
        app.store.create_user(&email, &DisplayName::parse("別会社の人").unwrap(), Some(&hash), &actor).await.unwrap();
    app.store.add_member(other.id, user.id, Role::Admin, &actor).await.unwrap();
    app.login("other@example.com", "other-password").await;
    let page = app.get(&format!("/orgs/{}/findings", other.id)).await;
    page.shows(&["6.2-min", "指摘 (1)", "目的を追加する"]);
    assert!(!page.body.contains("R-004"));
}

#[tokio::test]
async fn the_dashboard_counts_objectives_plans_treatments_and_findings() {
    let app = TestApp::with_demo_on(today()).await;
    let t = Tr::new(Lang::Ja);
    let page = app.get("/orgs/1/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&["ダッシュボード", "2025年度", "2025/12/01 時点"]);

    // Objectives by status, as the bar chart's title says them.
    let objectives = app.store.objectives(1, PERIOD, &ObjectiveFilter::default(), ObjectiveSort::Code).await.unwrap();
    assert_eq!(objectives.len(), 3);
    let by_status: Vec<String> = ObjectiveStatus::ALL
        .iter()
        .map(|s| format!("{} {}", t.t(s.label_key()), objectives.iter().filter(|o| o.status == *s).count()))
        .collect();
    page.shows(&[&format!("<title>{}: {}</title>", t.t("dashboard-objectives"), by_status.join(", "))]);

    // Plans by progress today, as the late and this-month pages count them.
    let all = plans(&app).await;
    let live: Vec<&(Plan, Progress)> = all.iter().filter(|(p, _)| p.status != PlanStatus::Cancelled).collect();
    let count = |s: Progress| live.iter().filter(|(_, p)| *p == s).count();
    let delayed = count(Progress::Delayed);
    assert!(delayed > 0, "the demo has late plans on {}", today());
    let by_progress: Vec<String> = [Progress::NotStarted, Progress::OnTrack, Progress::Delayed, Progress::Done]
        .iter()
        .map(|s| format!("{} {}", t.t(s.label_key()), count(*s)))
        .collect();
    page.shows(&[&format!("<title>{}: {}</title>", t.t("dashboard-plans"), by_progress.join(", "))]);
    app.get("/orgs/1/late").await.shows(&[&format!("{delayed} 件の計画が遅延しています")]);
    page.shows(&[&format!("{delayed} 件の計画が遅延しています"), "href=\"/orgs/1/late?period=2025\""]);

    // Risk treatment: R-004 needs one and has none; the others' approvals.
    let risks: Vec<_> = app.store.risks(1, PERIOD).await.unwrap().into_iter().filter(|r| !r.archived).collect();
    let treatments = app.store.treatments_of_period(1, PERIOD).await.unwrap();
    let treated = |id: i64| treatments.iter().find(|t| t.risk_id == id);
    let untreated = risks.iter().filter(|r| r.needs_treatment && treated(r.id).is_none()).count();
    let approved = risks.iter().filter(|r| treated(r.id).is_some_and(|t| t.approved())).count();
    let awaiting = risks.iter().filter(|r| treated(r.id).is_some_and(|t| !t.approved())).count();
    assert!(untreated >= 1);
    page.shows(&[&format!(
        "<title>{}: {} {approved}, {} {awaiting}, {} {untreated}</title>",
        t.t("dashboard-treatment"),
        t.t("dashboard-treatment-approved"),
        t.t("dashboard-treatment-awaiting"),
        t.t("dashboard-treatment-untreated"),
    )]);
    page.shows(&["href=\"/orgs/1/findings?period=2025&amp;rule=6-1-3-treat\""]);

    // Findings by rule, each linking to the findings page filtered to it.
    let found = findings(&app).await;
    let mut by_rule: HashMap<Rule, usize> = HashMap::new();
    for f in &found {
        *by_rule.entry(f.rule).or_default() += 1;
    }
    let chart = section(&page, "dash-findings");
    for (rule, n) in &by_rule {
        assert!(chart.contains(&format!("<title>{}: {n}</title>", t.t(&rule.title_key()))), "{}", rule.id());
        assert!(chart.contains(&format!("findings?period=2025&amp;rule={}\"", rule.slug())));
    }
    assert_eq!(chart.matches("class=\"bar-link\"").count(), by_rule.len());

    // This month's tasks, with the way to the 今月 page.
    page.shows(&["href=\"/orgs/1/this-month\"", "12月"]);

    // Indicators: each is listed and links to its page.
    for i in app.store.indicators_of_period(1, PERIOD).await.unwrap().iter().filter(|i| !i.archived) {
        page.shows(&[&i.name, &format!("href=\"/orgs/1/indicators/{}\"", i.id)]);
    }
}

#[tokio::test]
async fn deadlines_within_thirty_days_are_listed_and_later_ones_are_not() {
    let app = TestApp::with_demo_on(today()).await;
    let page = app.get("/orgs/1/dashboard").await;
    let upcoming = section(&page, "upcoming");
    let overdue = section(&page, "overdue");
    let horizon = today() + Duration::days(30);
    let (mut listed, mut later, mut passed) = (0, 0, 0);
    for (plan, progress) in plans(&app).await {
        let Some(deadline) = plan.deadline else { continue };
        let open = progress != Progress::Done && plan.status != PlanStatus::Cancelled;
        let link = plan_link(plan.id);
        if open && (today()..=horizon).contains(&deadline) {
            assert!(upcoming.contains(&link), "plan {} due {deadline} is listed", plan.id);
            assert!(upcoming.contains(&Tr::new(Lang::Ja).date(&deadline)));
            listed += 1;
        } else {
            assert!(!upcoming.contains(&link), "plan {} due {deadline} is not", plan.id);
            later += usize::from(deadline > horizon);
        }
        if open && deadline < today() {
            assert!(overdue.contains(&link), "plan {} overdue since {deadline}", plan.id);
            passed += 1;
        } else {
            assert!(!overdue.contains(&link));
        }
    }
    assert!(listed > 0 && later > 0 && passed > 0, "the demo has each kind ({listed}, {later}, {passed})");
    // Plan 2-2 (2025/12/19) is 18 days away.
    assert!(upcoming.contains("2025/12/19") && upcoming.contains("あと 18 日"));
}

#[tokio::test]
async fn the_dashboard_shows_the_risk_heat_map_and_is_the_organizations_home() {
    let app = TestApp::with_demo_on(today()).await;
    let page = app.get("/orgs/1/dashboard").await;
    let heatmap = section(&page, "dash-risks");
    assert!(heatmap.contains("class=\"chart chart-heatmap\""));
    // Only the map's cells: the treatment chart's bars carry data-count too.
    let map_cells: u32 = heatmap
        .split("<a class=\"heatmap-cell")
        .skip(1)
        .map(|s| s.split("data-count=\"").nth(1).unwrap().split('"').next().unwrap().parse::<u32>().unwrap())
        .sum();
    let risks = app.store.risks(1, PERIOD).await.unwrap().iter().filter(|r| !r.archived).count() as u32;
    assert_eq!(map_cells, risks);
    assert!(heatmap.contains("href=\"/orgs/1/risks?period=2025&amp;x="));
    // No inline style or script (the CSP), and the pictures say what they show.
    assert!(!page.body.contains("style=") && !page.body.contains("<script>"));
    assert!(page.body.matches("role=\"img\"").count() >= 4);

    // The organization's home is its dashboard.
    let home = app.get("/orgs/1").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), "/orgs/1/dashboard");
    // An earlier period can be asked for, and English works.
    assert_eq!(app.get("/orgs/1/dashboard?period=2024").await.status, StatusCode::OK);
    app.get_en("/orgs/1/dashboard").await.shows(&["Dashboard", "Deadlines within 30 days", "Objectives by status"]);
}
