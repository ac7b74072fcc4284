//! Risk levels as words on the pages: the organization's setting decides
//! whether the register and a risk's page show 3 or 高, and the risk form
//! reads either, refusing a word of another scale on its field.

mod common;

use axum::http::StatusCode;
use common::TestApp;

async fn risk(app: &TestApp, code: &str) -> ismo::domain::risk::Risk {
    let period = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    app.store.risks(1, period).await.unwrap().into_iter().find(|r| r.code == code).unwrap()
}

async fn show_levels_as(app: &TestApp, style: &str) {
    let fields =
        [("method", "asset_threat_vulnerability"), ("levels", "3"), ("criterion", "12"), ("level_style", style)];
    let saved = app.post("/orgs/1/risk-settings", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

#[tokio::test]
async fn the_pages_show_levels_as_the_organization_chose() {
    let app = TestApp::with_demo().await;
    let r1 = risk(&app, "R-001").await;
    let page = app.get(&format!("/orgs/1/risks/{}", r1.id)).await;
    page.shows(&["評価値", "機密性 <b>3</b>", "資産価値 <b>3</b>", "脅威の値 <b>2</b>", "脆弱性の値 <b>3</b>"]);
    app.get("/orgs/1/risks").await.shows(&["資産価値×脅威×脆弱性</th>", "<td class=\"levels\">3×2×3</td>"]);
    app.get("/orgs/1/risk-settings").await.shows(&["段階の表し方", "言葉（高・中・低）"]);

    show_levels_as(&app, "words").await;
    let page = app.get(&format!("/orgs/1/risks/{}", r1.id)).await;
    page.shows(&["機密性 <b>高</b>", "可用性 <b>中</b>", "脅威の値 <b>中</b>", "脆弱性の値 <b>高</b>"]);
    app.get("/orgs/1/risks").await.shows(&["<td class=\"levels\">高×中×高</td>"]);
    app.get_en(&format!("/orgs/1/risks/{}", r1.id)).await.shows(&["<b>High</b>", "<b>Medium</b>"]);
    // The edit form starts from the words too; saved unchanged, the risk stays as it was.
    let form = app.get(&format!("/orgs/1/risks/{}/edit", r1.id)).await;
    form.shows(&["name=\"confidentiality\" value=\"高\"", "name=\"availability\" value=\"中\"", "<datalist"]);
    assert_eq!(app.store.history(1, "risk_settings", 1).await.unwrap().len(), 1, "the change is in the history");
}

#[tokio::test]
async fn the_risk_form_reads_words_and_refuses_a_word_of_another_scale() {
    let app = TestApp::with_demo().await;
    let period = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year().to_string();
    let risk_form = |vulnerability: &'static str| {
        vec![
            ("period", period.clone()),
            ("code", "R-101".to_string()),
            ("asset", "給与システム".to_string()),
            ("threat", "障害".to_string()),
            ("vulnerability", "冗長化なし".to_string()),
            ("confidentiality", "高".to_string()),
            ("integrity", "中".to_string()),
            ("availability", "低い".to_string()),
            ("threat_level", "Ｈ".to_string()),
            ("vulnerability_level", vulnerability.to_string()),
        ]
    };
    let fields = risk_form("極大");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app.post("/orgs/1/risks", &pairs).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows(&["「極大」は 4/5 段階の評価で使う言葉です。", "高/中/低, 大/中/小"]);

    let fields = risk_form("Medium");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let created = app.post("/orgs/1/risks", &pairs).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let r = risk(&app, "R-101").await;
    let i = r.inputs;
    assert_eq!((i.confidentiality, i.integrity, i.availability, i.asset_value), (Some(3), Some(2), Some(1), Some(3)));
    assert_eq!((i.threat, i.vulnerability, r.score, r.needs_treatment), (Some(3), Some(2), Some(18), true));
}
