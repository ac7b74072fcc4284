//! The objectives register through HTTP: the demo, the list, the objective
//! page, the forms and their refusals.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use ismo::store::{ObjectiveFilter, ObjectiveSort};

/// The fiscal year the demo lands in (April start).
fn current_period() -> i32 {
    let today = ismo::web::today();
    ismo::domain::period::Period::containing(today, 4).start_year()
}

async fn objective_count(app: &TestApp, org: i64) -> usize {
    app.store.objectives(org, current_period(), &ObjectiveFilter::default(), ObjectiveSort::Code).await.unwrap().len()
}

#[tokio::test]
async fn the_demo_list_shows_three_objectives_with_owners_and_deadlines() {
    let app = TestApp::with_demo().await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    let list = app.get(home.location()).await;
    assert_eq!(list.status, StatusCode::OK);
    let p = current_period();
    list.shows(&[
        "ISMS認証（ISO/IEC 27001）を取得する",
        "従業員の情報セキュリティ意識を向上させる",
        "情報セキュリティインシデントを削減する",
        "山田 太郎（ISMS事務局長）",
        "佐藤 花子（人事部）",
        "鈴木 一郎（情報システム部）",
        // The sample's deadlines, moved into the current fiscal year.
        &format!("{}/02/28", p + 1),
        &format!("{}/03/31", p + 1),
        &format!("{p}/12/19"),
        &format!("{p}年度"),
    ]);
}

#[tokio::test]
async fn loading_the_demo_twice_adds_nothing() {
    let app = TestApp::with_demo().await;
    let again = ismo::demo::load(&app.store, ismo::web::today()).await.unwrap();
    assert_eq!(again.objectives_added, 0);
    assert_eq!(app.store.organizations().await.unwrap().len(), 1);
    assert_eq!(objective_count(&app, 1).await, 3);
    assert_eq!(app.store.plans_of_period(1, current_period()).await.unwrap().len(), 4);
    assert_eq!(app.store.statements(1, None).await.unwrap().len(), 5);
}

#[tokio::test]
async fn the_objective_page_shows_a_to_j_and_the_sheet_layout() {
    let app = TestApp::with_demo().await;
    let page = app.get("/orgs/1/objectives/1").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&[
        "方針との整合",
        "v1-1",
        "認証登録",
        "マネジメントレビュー",
        "伝達",
        "実施事項",
        "必要な資源",
        "¥1,500,000",
        "責任者",
        "達成期限",
        "結果の評価方法",
        "認証登録証の発行をもって達成とする",
        "実施済（4/10 打合せ）",
    ]);
    // Months run from the fiscal-year start: April first, March last.
    let p = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    let april = format!("<th scope=\"col\" class=\"month\" id=\"gm0\" data-month=\"{p}-04\">4月</th>");
    let march = format!("<th scope=\"col\" class=\"month\" id=\"gm11\" data-month=\"{}-03\">3月</th>", p + 1);
    let april = page.body.find(&april).expect("April column");
    let march = page.body.find(&march).expect("March column");
    assert!(april < march);
    // Planned tasks appear in their months' order, with results below.
    // (The admin's rows are marked editable: grid.js edits their cells in place.)
    assert!(page.body.contains("<tr class=\"plan-row\" id=\"plan-1\" data-plan=\"1\">"));
    let cell = |text: &str| page.body.find(&format!("<td>{text}</td>")).expect(text);
    let (kickoff, scope, audit) = (cell("キックオフ・外部打合せ"), cell("適用範囲の決定"), cell("内部監査"));
    assert!(kickoff < scope && scope < audit);
    assert!(page.body.contains("state-partial"), "July's late result is marked partial");
}

#[tokio::test]
async fn english_comes_from_accept_language_and_from_the_remembered_switch() {
    let app = TestApp::with_demo().await;
    let en = app.get_en("/orgs/1/objectives/1").await;
    en.shows(&["Clause 6.2 at a glance", "Responsible person", "Deadline", "Apr", "Mar", "Planned tasks / Results"]);
    let switched = app.post("/lang", &[("lang", "en"), ("back", "/orgs/1/objectives")]).await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), "/orgs/1/objectives");
    let cookie = switched.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.starts_with("ismo_lang=en") && cookie.contains("HttpOnly"), "{cookie}");
    let request = axum::http::Request::get("/orgs/1/objectives")
        .header("cookie", format!("ismo_lang=en; {}", app.session().unwrap()))
        .header("accept-language", "ja")
        .body(axum::body::Body::empty())
        .unwrap();
    app.send(request).await.shows(&["Information security objectives", "FY"]);
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let app = TestApp::with_demo().await;
    let p = current_period();
    let by_owner = app.get(&format!("/orgs/1/objectives?period={p}&responsible=%E4%BD%90%E8%97%A4%20%E8%8A%B1%E5%AD%90%EF%BC%88%E4%BA%BA%E4%BA%8B%E9%83%A8%EF%BC%89")).await;
    by_owner.shows(&["従業員の情報セキュリティ意識を向上させる"]);
    assert!(!by_owner.body.contains("情報セキュリティインシデントを削減する</a>"));
    let drafts = app.get(&format!("/orgs/1/objectives?period={p}&status=draft")).await;
    drafts.shows(&["条件に合う目的はありません"]);
    let dept = app.get(&format!("/orgs/1/objectives?period={p}&department=%E4%BA%BA%E4%BA%8B%E9%83%A8")).await;
    assert_eq!(dept.body.matches("class=\"objective-row\"").count(), 1);
    // Sorted by deadline, the December plan's objective comes first.
    let sorted = app.get(&format!("/orgs/1/objectives?period={p}&sort=deadline")).await;
    let second = sorted.body.find("従業員の情報セキュリティ意識を向上させる</a>").unwrap();
    let first = sorted.body.find("ISMS認証（ISO/IEC 27001）を取得する</a>").unwrap();
    assert!(second < first);
    // A hand-edited query string never breaks the list.
    assert_eq!(app.get("/orgs/1/objectives?period=abc&status=zzz&sort=%ZZ").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_objective_is_created_and_edited_through_the_forms() {
    let app = TestApp::with_demo().await;
    let p = current_period().to_string();
    let created = app
        .post(
            "/orgs/1/objectives",
            &[
                ("period", &p),
                ("code", "４"),
                ("title", "取引先管理を強化する"),
                ("department", "購買部"),
                ("status", "active"),
                ("statements", "1"),
                ("statements", "2"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page = app.get(created.location()).await;
    page.shows(&["取引先管理を強化する", "購買部", "v1-1", "v1-2", "推進中"]);
    assert!(page.body.contains("<span class=\"code\">4</span>"), "full-width code is normalized");
    let edit_url = format!("{}/edit", created.location());
    let form = app.get(&edit_url).await;
    form.shows(&["取引先管理を強化する", "value=\"4\""]);
    let updated = app
        .post(
            created.location(),
            &[("code", "4"), ("title", "取引先管理を強化する（改）"), ("status", "withdrawn"), ("version", "1")],
        )
        .await;
    assert_eq!(updated.status, StatusCode::SEE_OTHER);
    let page = app.get(created.location()).await;
    page.shows(&["取引先管理を強化する（改）", "取り下げ", "方針の条項に結び付いていません"]);
}

#[tokio::test]
async fn an_invalid_objective_is_shown_again_with_each_error_and_nothing_is_saved() {
    let app = TestApp::with_demo().await;
    let p = current_period().to_string();
    let fields = [("period", p.as_str()), ("code", "no spaces"), ("title", " "), ("status", "finished")];
    let ja = app.post("/orgs/1/objectives", &fields).await;
    assert_eq!(ja.status, StatusCode::UNPROCESSABLE_ENTITY);
    ja.shows(&["この項目を入力してください", "一覧から選んでください", "番号は R-004 のように", "value=\"no spaces\""]);
    let en = app.post_lang("/orgs/1/objectives", &fields, "en").await;
    assert_eq!(en.status, StatusCode::UNPROCESSABLE_ENTITY);
    en.shows(&["Fill in this field.", "Choose one of the listed options."]);
    // A number already used in the period is refused on its field.
    let dup = app.post("/orgs/1/objectives", &[("period", &p), ("code", "1"), ("title", "x")]).await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    dup.shows(&["この番号はこの期間ですでに使われています"]);
    assert_eq!(objective_count(&app, 1).await, 3);
}

#[tokio::test]
async fn plans_inputs_indicators_and_requirements_are_added_to_an_objective() {
    let app = TestApp::with_demo().await;
    let plan = app
        .post(
            "/orgs/1/objectives/3/plans",
            &[
                ("actions", "USBメモリの利用制限"),
                ("resources", "情報システム部1名"),
                ("budget_amount", "50万円"),
                ("responsible_name", "田中 次郎（総務部）"),
                ("deadline", "R8.9.30"),
                ("evaluation_method", "持ち出し件数で評価"),
                ("status", "not_started"),
            ],
        )
        .await;
    assert_eq!(plan.status, StatusCode::SEE_OTHER, "{}", plan.body);
    let input = app
        .post(
            "/orgs/1/objectives/3/inputs",
            &[("kind", "legal"), ("occurred_on", "2026年4月1日"), ("reference", "改正個人情報保護法")],
        )
        .await;
    assert_eq!(input.status, StatusCode::SEE_OTHER);
    let indicator = app
        .post(
            "/orgs/1/objectives/3/indicators",
            &[
                ("name", "持ち出し件数"),
                ("unit", "件"),
                ("direction", "lower"),
                ("target", "0"),
                ("frequency", "monthly"),
            ],
        )
        .await;
    assert_eq!(indicator.status, StatusCode::SEE_OTHER);
    let requirement = app
        .post("/orgs/1/objectives/3/requirements", &[("kind", "contractual"), ("text", "A社との秘密保持契約 第5条")])
        .await;
    assert_eq!(requirement.status, StatusCode::SEE_OTHER);
    let page = app.get("/orgs/1/objectives/3").await;
    page.shows(&[
        "3-2",
        "USBメモリの利用制限",
        "¥500,000",
        "田中 次郎（総務部）",
        "2026/09/30",
        "改正個人情報保護法",
        "持ち出し件数",
        "A社との秘密保持契約 第5条",
    ]);
}

#[tokio::test]
async fn a_bad_plan_is_refused_with_its_reasons() {
    let app = TestApp::with_demo().await;
    let before = app.store.plans(1, 3).await.unwrap();
    let refused = app
        .post(
            "/orgs/1/objectives/3/plans",
            &[("actions", "x"), ("deadline", "2026-02-30"), ("budget_amount", "-5"), ("indicator_id", "999")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The deadline's message names the forms that are read, not only 2026/03/31.
    refused.shows(&["「2026-02-30」は達成期限として読めません", "年度末・上期末・9月末", "通年・随時", "金額は"]);
    // An indicator of another objective is a forged choice.
    let forged = app.post("/orgs/1/objectives/3/plans", &[("actions", "x"), ("indicator_id", "1")]).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    forged.shows(&["一覧から選んでください"]);
    assert_eq!(app.store.plans(1, 3).await.unwrap(), before);
}

#[tokio::test]
async fn a_plan_deadline_is_taken_as_the_sheet_writes_it_and_words_survive_an_edit() {
    let app = TestApp::with_demo().await;
    let p = current_period();
    let post = |deadline: &'static str| {
        let app = &app;
        async move {
            let fields = [("actions", "ログの定期確認"), ("deadline", deadline), ("status", "not_started")];
            let answer = app.post("/orgs/1/objectives/3/plans", &fields).await;
            assert_eq!(answer.status, StatusCode::SEE_OTHER, "{deadline}: {}", answer.body);
            app.store.plans(1, 3).await.unwrap().pop().unwrap()
        }
    };
    let half = post("上期末").await;
    assert_eq!((half.deadline.unwrap().to_string(), half.deadline_text), (format!("{p}-09-30"), None));

    let yearly = post("通年").await;
    assert_eq!(yearly.deadline_text.as_deref(), Some("通年"));
    assert_eq!(yearly.deadline.unwrap().to_string(), format!("{}-03-31", p + 1), "the period's end counts");
    let page = app.get(&format!("/orgs/1/plans/{}", yearly.id)).await;
    page.shows(&[&format!("通年（期末 {}/03/31）", p + 1)]);
    app.get("/orgs/1/objectives").await.shows(&["通年（期末"]);

    // The edit form gives the words back, so saving it keeps them.
    let form = app.get(&format!("/orgs/1/plans/{}/edit", yearly.id)).await;
    form.shows(&["value=\"通年\""]);
    let (deadline, version) = (form.hidden("deadline"), form.hidden("version"));
    let fields =
        [("actions", "ログの定期確認（週次）"), ("deadline", &deadline), ("status", "on_track"), ("version", &version)];
    let saved = app.post(&format!("/orgs/1/plans/{}", yearly.id), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = app.store.plan(1, yearly.id).await.unwrap().unwrap();
    assert_eq!(
        (after.actions.as_deref(), after.deadline_text.as_deref()),
        (Some("ログの定期確認（週次）"), Some("通年"))
    );
}

#[tokio::test]
async fn the_monthly_cells_are_edited_with_a_plain_form() {
    let app = TestApp::with_demo().await;
    let p = current_period();
    let form = app.get("/orgs/1/plans/4/months").await;
    assert_eq!(form.status, StatusCode::OK);
    form.shows(&[&format!("planned_{p}-04"), &format!("result_{}-03", p + 1), "ツール選定"]);
    let oct = format!("{p}-10");
    let (planned, result, state) = (format!("planned_{oct}"), format!("result_{oct}"), format!("state_{oct}"));
    let before = app.store.months(1, 4).await.unwrap();
    let stamp = form.hidden("stamp");
    let saved = app
        .post(
            "/orgs/1/plans/4/months",
            &[(&planned, "月次報告"), (&result, "2件（誤送信）"), (&state, "planned"), ("stamp", &stamp)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.get("/orgs/1/objectives/3").await;
    page.shows(&["2件（誤送信）"]);
    let cells = app.store.months(1, 4).await.unwrap();
    let october = cells.iter().find(|c| c.month.to_string() == oct).unwrap();
    assert_eq!(october.state.as_str(), "done", "a written result marks the month done");
    // The months that were not sent are left as they were.
    let untouched = |cells: &[ismo::domain::month::MonthCell]| {
        cells.iter().filter(|c| c.month.to_string() != oct).cloned().collect::<Vec<_>>()
    };
    assert_eq!(untouched(&cells), untouched(&before));
    // A forged state is refused on its cell and nothing changes.
    let stamp = app.get("/orgs/1/plans/4/months").await.hidden("stamp");
    let refused = app.post("/orgs/1/plans/4/months", &[(&result, "変更"), (&state, "burnt"), ("stamp", &stamp)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows(&["一覧から選んでください", "value=\"変更\""]);
    assert_eq!(app.store.months(1, 4).await.unwrap(), cells);
}

#[tokio::test]
async fn a_new_policy_version_carries_statements_and_keeps_the_old_one() {
    let app = TestApp::with_demo().await;
    let created = app
        .post(
            "/orgs/1/policy/versions",
            &[("title", "情報セキュリティ基本方針"), ("approved_on", "2026/4/1"), ("copy_statements", "on")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let policy = app.get("/orgs/1/policy").await;
    policy.shows(&["第2版", "第1版", "現行版", "旧版", "v2-5", "v1-5"]);
    let added = app
        .post(
            "/orgs/1/policy/versions/2/statements",
            &[("number", "6"), ("text", "クラウドサービスを安全に利用する。")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let dup = app.post("/orgs/1/policy/versions/2/statements", &[("number", "6"), ("text", "重複")]).await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    // New objectives are offered the current version's statements only.
    let form = app.get("/orgs/1/objectives/new").await;
    form.shows(&["v2-6 クラウドサービスを安全に利用する。"]);
    assert!(!form.body.contains("v1-1 "));
}

#[tokio::test]
async fn the_print_stylesheet_and_health_check_are_served() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    let css = app.get("/static/app.css").await;
    css.shows(&["@media print", "@page", "landscape"]);
    assert_eq!(app.get("/static/htmx.min.js").await.status, StatusCode::OK);
    // With no account yet, the start page leads to the login page, which says
    // how to create the first admin.
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert!(home.location().starts_with("/login"), "{}", home.location());
    let login = app.get(home.location()).await;
    assert_eq!(login.status, StatusCode::OK);
    login.shows(&["ismo user add", "ismo member add"]);
}
