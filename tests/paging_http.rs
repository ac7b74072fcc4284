//! Long lists come in pages: an organization with hundreds of objectives
//! and thousands of findings gets pages of a bounded size, with links that
//! keep the filters, and nothing is left out or shown twice.

mod common;

use chrono::NaiveDate;
use common::TestApp;
use ismo::domain::actor::Actor;
use ismo::domain::objective::{ObjectiveDraft, ObjectiveForm};

/// Objectives added to the demo: more than one page of the list (200), and
/// each unmeasured and without grounds, two findings apiece.
const ADDED: usize = 260;

async fn large_demo() -> TestApp {
    let app = TestApp::with_demo_on(NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()).await;
    for i in 0..ADDED {
        let form =
            ObjectiveForm { code: format!("{}", 100 + i), title: format!("追加の目的 {i}"), ..Default::default() };
        app.store.create_objective(1, 2025, &ObjectiveDraft::parse(&form).unwrap(), &Actor::cli()).await.unwrap();
    }
    app.login("demo@ismo.local", "demo").await;
    app
}

fn count(body: &str, marker: &str) -> usize {
    body.matches(marker).count()
}

#[tokio::test]
async fn the_objectives_list_shows_two_hundred_a_page_and_the_rest_on_the_next() {
    let app = large_demo().await;
    let all = app.store.objectives(1, 2025, &Default::default(), Default::default()).await.unwrap().len();
    assert!(all > 200 && all <= 400, "{all} objectives");

    let first = app.get_en("/orgs/1/objectives?period=2025").await;
    assert_eq!(count(&first.body, "class=\"objective-row\""), 200);
    first.shows(&[&format!("1–200 of {all}"), "href=\"/orgs/1/objectives?period=2025&#38;page=2\""]);

    let second = app.get_en("/orgs/1/objectives?period=2025&page=2").await;
    assert_eq!(count(&second.body, "class=\"objective-row\""), all - 200);
    second.shows(&[&format!("201–{all} of {all}"), "rel=\"prev\""]);
    // The pages hold different objectives: the last one added is on page 2 only.
    let last = format!("追加の目的 {}", ADDED - 1);
    assert!(!first.body.contains(&last) && second.body.contains(&last));

    // A page that does not exist is the nearest one, never an error.
    let beyond = app.get_en("/orgs/1/objectives?period=2025&page=99").await;
    assert_eq!(count(&beyond.body, "class=\"objective-row\""), all - 200);
    let nonsense = app.get_en("/orgs/1/objectives?period=2025&page=-1x").await;
    assert_eq!(count(&nonsense.body, "class=\"objective-row\""), 200);
}

#[tokio::test]
async fn page_links_keep_the_filters_and_order() {
    let app = large_demo().await;
    let page = app.get_en("/orgs/1/objectives?period=2025&status=draft&sort=title").await;
    page.shows(&["href=\"/orgs/1/objectives?period=2025&#38;status=draft&#38;sort=title&#38;page=2\""]);
    // A short list has no page links.
    let demo = TestApp::with_demo().await;
    demo.login("demo@ismo.local", "demo").await;
    let short = demo.get_en("/orgs/1/objectives").await;
    assert!(!short.body.contains("class=\"pages"), "{}", short.body);
}

#[tokio::test]
async fn findings_come_five_hundred_a_page_with_the_totals_of_all() {
    let app = large_demo().await;
    let first = app.get_en("/orgs/1/findings?period=2025").await;
    let total = first
        .body
        .split("–500 of ")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.trim().replace(',', "").parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no pager summary:\n{}", first.body));
    assert!(total > 500, "{total} findings");
    assert_eq!(count(&first.body, "class=\"finding-record\""), 500);
    // The filter line counts every finding, not only this page's.
    first.shows(&[&format!("All ({total})")]);

    let second = app.get_en("/orgs/1/findings?period=2025&page=2").await;
    let rest = count(&second.body, "class=\"finding-record\"");
    assert_eq!(500 + rest, total.min(1_000));

    // Filtered, the links keep the filter: each added objective is two
    // nonconformities (unmeasured, without grounds), more than one page.
    let severe = app.get_en("/orgs/1/findings?period=2025&severity=nonconformity").await;
    severe.shows(&["severity=nonconformity&#38;page=2"]);
    assert_eq!(count(&severe.body, "class=\"finding-record\""), 500);
    // One rule of 260 findings fits one page.
    let rule = app.get_en("/orgs/1/findings?period=2025&rule=6.2-b").await;
    assert!(!rule.body.contains("class=\"pages"));
    assert!(count(&rule.body, "class=\"finding-record\"") >= ADDED);
}
