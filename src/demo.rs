//! The demo organization: the objectives sheet of the shared sample workbook
//! (FY2025), moved by whole years into the current fiscal year so that "this
//! month" means something. Entered through the domain's parsers, as a person
//! would type it; loading twice adds nothing.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::access::Role;
use crate::domain::account::{DisplayName, Email};
use crate::domain::actor::Actor;
use crate::domain::communication::{CommunicationDraft, CommunicationForm};
use crate::domain::form::FieldErrors;
use crate::domain::indicator::{IndicatorDraft, IndicatorForm};
use crate::domain::input::{InputDraft, InputForm};
use crate::domain::input_date::date_in_text;
use crate::domain::measurement::{MeasurementDraft, MeasurementForm};
use crate::domain::month::parse_cells;
use crate::domain::objective::{ObjectiveDraft, ObjectiveForm};
use crate::domain::organization::OrganizationDraft;
use crate::domain::password::hash_password;
use crate::domain::plan::{PlanDraft, PlanForm, PlanParent};
use crate::domain::policy::{PolicyVersionDraft, PolicyVersionForm, StatementDraft, StatementForm};
use crate::domain::review::{ReviewDraft, ReviewForm};
use crate::store::{Store, StoreError};

pub const DEMO_ORG: &str = "株式会社サンプル";
/// The fiscal year of the sample workbook.
const SAMPLE_YEAR: i32 = 2025;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo data refused by the domain ({0}): {1:?}")]
    Refused(&'static str, Vec<String>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub(crate) fn refused(what: &'static str) -> impl FnOnce(FieldErrors) -> DemoError {
    move |e| DemoError::Refused(what, e.fields().map(str::to_string).collect())
}

/// The demo accounts, one per role: (role, e-mail, name). All have the
/// password [`DEMO_PASSWORD`]. The owner and the manager are the responsible
/// persons of the sample's plans.
pub const DEMO_USERS: [(Role, &str, &str); 4] = [
    (Role::Admin, "demo@ismo.local", "デモ管理者"),
    (Role::Manager, "manager@ismo.local", "山田 太郎（ISMS事務局長）"),
    (Role::Owner, "owner@ismo.local", "鈴木 一郎（情報システム部）"),
    (Role::Auditor, "auditor@ismo.local", "高橋 美咲（内部監査員）"),
];
pub const DEMO_PASSWORD: &str = "demo";

/// What `--demo` did, printed at start-up.
#[derive(Debug, PartialEq, Eq)]
pub struct DemoSummary {
    pub org_id: i64,
    pub period: i32,
    pub objectives_added: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.objectives_added == 0 {
            writeln!(f, "demo: {DEMO_ORG} already holds FY{} (nothing added)", self.period)?;
        } else {
            writeln!(f, "demo: loaded {} objectives of {DEMO_ORG} into FY{}", self.objectives_added, self.period)?;
        }
        writeln!(f, "demo accounts (password \"{DEMO_PASSWORD}\"):")?;
        for (role, email, _) in DEMO_USERS {
            writeln!(f, "  {email:<22} {role}")?;
        }
        Ok(())
    }
}

const STATEMENTS: [&str; 5] = [
    "情報資産を適切に保護し、機密性・完全性・可用性を維持する。",
    "法令・規制要求事項及び契約上の義務を遵守する。",
    "全従業員に情報セキュリティ教育を行い、意識の向上を図る。",
    "情報セキュリティインシデントを防止し、発生時には迅速に対応する。",
    "ISMSを継続的に改善する。",
];

/// One plan of the sample: f–j and the month texts from April to March.
struct SamplePlan {
    actions: &'static str,
    resources: &'static str,
    budget: &'static str,
    responsible: &'static str,
    /// (year, month, day) in FY2025 terms.
    deadline: (i32, u32, u32),
    evaluation: &'static str,
    status: &'static str,
    planned: [&'static str; 12],
    results: [&'static str; 12],
    /// Months (0 = April) whose result is only partial.
    partial: &'static [usize],
}

struct SampleObjective {
    code: &'static str,
    title: &'static str,
    department: &'static str,
    statements: &'static [usize],
    /// (kind, year of the source, reference with `{y}` for that year).
    inputs: &'static [(&'static str, i32, &'static str)],
    /// (name, unit, direction, baseline, target, frequency).
    indicators: &'static [(&'static str, &'static str, &'static str, &'static str, &'static str, &'static str)],
    plans: &'static [SamplePlan],
}

const SAMPLE: [SampleObjective; 3] = [
    SampleObjective {
        code: "1",
        title: "ISMS認証（ISO/IEC 27001）を取得する",
        department: "ISMS事務局",
        statements: &[0, 4],
        inputs: &[
            ("management_review", 2025, "{y}年3月 マネジメントレビュー議事録（ISMS認証取得の決定）"),
            ("top_management", 2025, "{y}年3月 社長指示（取引先からの認証取得要請を受けて）"),
        ],
        indicators: &[("認証登録", "件", "target", "0", "1", "once")],
        plans: &[SamplePlan {
            actions: "審査機関の選定、ISMS文書の整備、運用、内部監査、マネジメントレビュー、審査の受審",
            resources: "ISMS事務局2名、外部コンサルタント、審査費用150万円",
            budget: "1500000",
            responsible: "山田 太郎（ISMS事務局長）",
            deadline: (2026, 2, 28),
            evaluation: "認証登録証の発行をもって達成とする",
            status: "on_track",
            planned: [
                "キックオフ・外部打合せ",
                "適用範囲の決定",
                "リスクアセスメント",
                "文書整備",
                "運用開始",
                "運用記録の確認",
                "内部監査",
                "マネジメントレビュー",
                "第一段階審査（書類審査）",
                "第二段階審査",
                "認証登録",
                "",
            ],
            results: [
                "実施済（4/10 打合せ）",
                "実施済",
                "実施済（要対応リスク3件）",
                "一部遅れ（規程2件未完）",
                "実施済",
                "実施済",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            partial: &[3],
        }],
    },
    SampleObjective {
        code: "2",
        title: "従業員の情報セキュリティ意識を向上させる",
        department: "人事部",
        statements: &[2],
        inputs: &[
            ("risk_assessment", 2025, "{y}年6月 リスクアセスメント結果報告書（要対応リスク3件）"),
            ("internal_audit", 2024, "{y}年度 内部監査報告書 指摘事項（教育記録の不備）"),
        ],
        indicators: &[
            ("情報セキュリティテスト 全従業員の点数", "点", "higher", "88", "95", "semiannual"),
            ("教育受講率", "%", "higher", "92", "100", "semiannual"),
        ],
        plans: &[
            SamplePlan {
                actions: "全従業員向けeラーニングを年2回実施し、理解度テストを行う",
                resources: "人事部1名、eラーニングシステム（年額30万円）",
                budget: "300000",
                responsible: "佐藤 花子（人事部）",
                deadline: (2026, 3, 31),
                evaluation: "テスト結果を集計し、95点以上の従業員の割合と受講率で評価する",
                status: "on_track",
                planned: [
                    "教材選定",
                    "",
                    "第1回eラーニング",
                    "テスト・集計",
                    "",
                    "",
                    "",
                    "",
                    "第2回eラーニング",
                    "テスト・集計",
                    "結果報告",
                    "評価",
                ],
                results: ["実施済", "", "受講率92%", "平均88点、95点以上61%", "", "", "", "", "", "", "", ""],
                partial: &[],
            },
            SamplePlan {
                actions: "標的型メール訓練を実施する",
                resources: "情報システム部1名、訓練サービス費用20万円",
                budget: "200000",
                responsible: "鈴木 一郎（情報システム部）",
                deadline: (2025, 12, 19),
                evaluation: "開封率10%以下を目標とし、訓練結果レポートで評価する",
                status: "on_track",
                planned: ["", "", "", "", "訓練計画", "第1回訓練", "", "", "第2回訓練", "", "", ""],
                results: ["", "", "", "", "実施済", "開封率18%", "", "", "", "", "", ""],
                partial: &[],
            },
        ],
    },
    SampleObjective {
        code: "3",
        title: "情報セキュリティインシデントを削減する",
        department: "情報システム部",
        statements: &[3],
        inputs: &[("incident", 2024, "{y}年度 インシデント管理台帳（8件、うちメール誤送信5件）")],
        indicators: &[("インシデント件数（年度）", "件", "lower", "8", "4", "monthly")],
        plans: &[SamplePlan {
            actions: "メール誤送信防止ツールの導入と、インシデント件数の月次報告",
            resources: "情報システム部1名、ツール費用（年額48万円）",
            budget: "480000",
            responsible: "鈴木 一郎（情報システム部）",
            deadline: (2026, 3, 31),
            evaluation: "インシデント管理台帳の年度件数で評価する",
            status: "on_track",
            planned: [
                "ツール選定",
                "導入",
                "月次報告",
                "月次報告",
                "月次報告",
                "月次報告",
                "月次報告",
                "月次報告",
                "月次報告",
                "月次報告",
                "月次報告",
                "年度集計",
            ],
            results: ["実施済", "導入完了", "0件", "1件", "0件", "1件", "", "", "", "", "", ""],
            partial: &[],
        }],
    },
];

/// A measurement behind the sample's monthly results.
struct SampleMeasurement {
    indicator: &'static str,
    /// (year, month, day) in FY2025 terms.
    on: (i32, u32, u32),
    /// As typed.
    value: &'static str,
    note: &'static str,
}

const MEASUREMENTS: [SampleMeasurement; 6] = [
    SampleMeasurement {
        indicator: "教育受講率",
        on: (2025, 6, 30),
        value: "92%",
        note: "第1回eラーニングの受講記録より",
    },
    SampleMeasurement {
        indicator: "情報セキュリティテスト 全従業員の点数",
        on: (2025, 7, 31),
        value: "88",
        note: "第1回理解度テストの平均点（95点以上は61%）",
    },
    SampleMeasurement {
        indicator: "インシデント件数（年度）",
        on: (2025, 6, 30),
        value: "0",
        note: "年度累計（6月は0件、インシデント管理台帳）",
    },
    SampleMeasurement {
        indicator: "インシデント件数（年度）",
        on: (2025, 7, 31),
        value: "1",
        note: "年度累計（7月は1件、インシデント管理台帳）",
    },
    SampleMeasurement {
        indicator: "インシデント件数（年度）",
        on: (2025, 8, 31),
        value: "1",
        note: "年度累計（8月は0件、インシデント管理台帳）",
    },
    SampleMeasurement {
        indicator: "インシデント件数（年度）",
        on: (2025, 9, 30),
        value: "2",
        note: "年度累計（9月は1件、インシデント管理台帳）",
    },
];

/// How every objective was announced in April (6.2 d): (audience, method, by, acknowledgement).
const ANNOUNCEMENT: (&str, &str, &str, &str) = (
    "全従業員",
    "全社朝礼で情報セキュリティ目的を周知",
    "山田 太郎（ISMS事務局長）",
    "朝礼資料を社内ポータルに掲載し、各部門長が部内での周知を報告",
);

/// A review of an objective of the sample (6.2 e).
struct SampleReview {
    objective: &'static str,
    /// (year, month, day) in FY2025 terms.
    on: (i32, u32, u32),
    reviewer: &'static str,
    trigger: &'static str,
    decision: &'static str,
    notes: &'static str,
}

const REVIEWS: [SampleReview; 1] = [SampleReview {
    objective: "3",
    on: (2025, 10, 15),
    reviewer: "ISMS委員会",
    trigger: "上期（4〜9月）の実績確認",
    decision: "keep",
    notes: "9月までの発生は2件で、年度4件以下の目標の範囲内。誤送信防止ツールの効果が出ており、計画どおり継続する。",
}];

/// A date of the sample moved by `shift` years (Feb 29 becomes Feb 28).
pub(crate) fn shifted(y: i32, m: u32, d: u32, shift: i32) -> String {
    let date = NaiveDate::from_ymd_opt(y + shift, m, d)
        .or_else(|| NaiveDate::from_ymd_opt(y + shift, m, d - 1))
        .expect("sample dates are valid");
    date.to_string()
}

/// Loads the demo organization into the fiscal year containing `today`.
pub async fn load(store: &Store, today: NaiveDate) -> Result<DemoSummary, DemoError> {
    let actor = Actor::demo();
    let org = match store.organization_by_name(DEMO_ORG).await? {
        Some(org) => org,
        None => {
            let draft = OrganizationDraft::with_defaults(DEMO_ORG).expect("valid demo name");
            store.create_organization(&draft, &actor).await?
        }
    };
    let period = org.current_period(today).start_year();
    let shift = period - SAMPLE_YEAR;
    let users = ensure_users(store, org.id, &actor).await?;
    let statement_ids = ensure_policy(store, org.id, shift).await?;
    let risks = crate::demo_risks::load(store, &org, period, shift, &users, &actor).await?;
    let existing = store.periods_with_objectives(org.id).await?;
    if existing.contains(&period) {
        return Ok(DemoSummary { org_id: org.id, period, objectives_added: 0 });
    }
    let fiscal = org.period(period);
    for sample in &SAMPLE {
        let form = ObjectiveForm {
            code: sample.code.into(),
            title: sample.title.into(),
            department: sample.department.into(),
            level: "全社".into(),
            status: "active".into(),
            statements: sample.statements.iter().map(|i| statement_ids[*i].to_string()).collect(),
            // Mail misdelivery is what the incident objective addresses.
            risks: risks
                .iter()
                .filter(|(code, _)| sample.code == "3" && *code == "R-005")
                .map(|(_, id)| id.to_string())
                .collect(),
            ..Default::default()
        };
        let draft = ObjectiveDraft::parse(&form).map_err(refused("objective"))?;
        let objective = store.create_objective(org.id, period, &draft, &actor).await?;
        for (kind, year, reference) in sample.inputs {
            let reference = reference.replace("{y}", &(year + shift).to_string());
            // The day its text names, as an import of the same sheet would read it.
            let occurred_on = date_in_text(&reference, org.fiscal_start_month);
            let form = InputForm {
                kind: (*kind).into(),
                occurred_on: occurred_on.map(|d| d.to_string()).unwrap_or_default(),
                reference,
                ..Default::default()
            };
            let draft = InputDraft::parse(&form).map_err(refused("input"))?;
            store.create_input(org.id, objective, &draft, &actor).await?;
        }
        for (name, unit, direction, baseline, target, frequency) in sample.indicators {
            let form = IndicatorForm {
                name: (*name).into(),
                unit: (*unit).into(),
                direction: (*direction).into(),
                baseline: (*baseline).into(),
                target: (*target).into(),
                frequency: (*frequency).into(),
                ..Default::default()
            };
            let draft = IndicatorDraft::parse(&form).map_err(refused("indicator"))?;
            let indicator = store.create_indicator(org.id, objective, &draft, &actor).await?;
            for sample in MEASUREMENTS.iter().filter(|x| x.indicator == *name) {
                let (y, m, d) = sample.on;
                let form = MeasurementForm {
                    measured_on: shifted(y, m, d, shift),
                    value: sample.value.into(),
                    note: sample.note.into(),
                };
                let draft = MeasurementDraft::parse(&form).map_err(refused("measurement"))?;
                store.record_measurement(org.id, indicator, None, &draft, &actor).await?;
            }
        }
        for plan in sample.plans {
            let (y, m, d) = plan.deadline;
            let form = PlanForm {
                actions: plan.actions.into(),
                resources: plan.resources.into(),
                budget_amount: plan.budget.into(),
                budget_currency: "JPY".into(),
                // A demo account when one bears the name, else the name alone.
                responsible_user_id: users
                    .iter()
                    .find(|(_, name)| *name == plan.responsible)
                    .map(|(id, _)| id.to_string())
                    .unwrap_or_default(),
                responsible_name: plan.responsible.into(),
                deadline: shifted(y, m, d, shift),
                evaluation_method: plan.evaluation.into(),
                status: plan.status.into(),
                ..Default::default()
            };
            let draft = PlanDraft::parse(&form).map_err(refused("plan"))?;
            let plan_id = store.create_plan(org.id, PlanParent::Objective(objective), &draft, &actor).await?;
            let mut pairs = Vec::new();
            for (i, month) in fiscal.months().iter().enumerate() {
                pairs.push((format!("planned_{month}"), plan.planned[i].to_string()));
                pairs.push((format!("result_{month}"), plan.results[i].to_string()));
                if plan.partial.contains(&i) {
                    pairs.push((format!("state_{month}"), "partial".to_string()));
                }
            }
            let cells = parse_cells(&fiscal, &pairs).map_err(refused("months"))?;
            store.save_months(org.id, plan_id, None, &cells, &actor).await?;
        }
        let (audience, method, by, acknowledgement) = ANNOUNCEMENT;
        let form = CommunicationForm {
            communicated_on: shifted(SAMPLE_YEAR, 4, 7, shift),
            audience: audience.into(),
            method: method.into(),
            communicated_by: by.into(),
            acknowledgement: acknowledgement.into(),
            ..Default::default()
        };
        let draft = CommunicationDraft::parse(&form).map_err(refused("communication"))?;
        store.create_communication(org.id, objective, &draft, &actor).await?;
        for review in REVIEWS.iter().filter(|r| r.objective == sample.code) {
            let (y, m, d) = review.on;
            let form = ReviewForm {
                reviewed_on: shifted(y, m, d, shift),
                reviewer: review.reviewer.into(),
                trigger: review.trigger.into(),
                decision: review.decision.into(),
                notes: review.notes.into(),
                ..Default::default()
            };
            let draft = ReviewDraft::parse(&form).map_err(refused("review"))?;
            store.create_review(org.id, objective, &draft, &actor).await?;
        }
    }
    crate::demo_risks::load_treatments(store, &org, period, shift, &users, &risks, &actor).await?;
    Ok(DemoSummary { org_id: org.id, period, objectives_added: SAMPLE.len() })
}

/// The demo accounts and their memberships, created once; returns (id, name).
async fn ensure_users(store: &Store, org: i64, actor: &Actor) -> Result<Vec<(i64, &'static str)>, DemoError> {
    let mut users = Vec::new();
    for (role, email, name) in DEMO_USERS {
        let user = match store.user_by_email(email).await? {
            Some((user, _)) => user,
            None => {
                let email = Email::parse(email).expect("valid demo e-mail");
                let display = DisplayName::parse(name).expect("valid demo name");
                let hash = hash_password(DEMO_PASSWORD);
                store.create_user(&email, &display, Some(&hash), actor).await?
            }
        };
        if store.membership(org, user.id).await?.is_none() {
            store.add_member(org, user.id, role, actor).await?;
        }
        users.push((user.id, name));
    }
    Ok(users)
}

/// The policy (version 1 with five statements), created once; returns the
/// statement ids in order.
async fn ensure_policy(store: &Store, org: i64, shift: i32) -> Result<Vec<i64>, DemoError> {
    let actor = Actor::demo();
    if store.current_policy(org).await?.is_none() {
        let form = PolicyVersionForm {
            title: "情報セキュリティ基本方針".into(),
            approved_on: shifted(SAMPLE_YEAR, 4, 1, shift),
            copy_statements: String::new(),
        };
        let draft = PolicyVersionDraft::parse(&form).map_err(refused("policy"))?;
        let version = store.create_policy_version(org, &draft, &actor).await?;
        for (i, text) in STATEMENTS.iter().enumerate() {
            let form = StatementForm { number: (i + 1).to_string(), text: (*text).into(), ..Default::default() };
            let draft = StatementDraft::parse(&form).map_err(refused("statement"))?;
            store.create_statement(org, version, &draft, &actor).await?;
        }
    }
    let current = store.current_policy(org).await?.ok_or(StoreError::NotFound)?;
    let ids: Vec<i64> = store.statements(org, Some(current.id)).await?.iter().map(|s| s.id).collect();
    if ids.len() < STATEMENTS.len() {
        return Err(DemoError::Refused("policy", vec!["statements".into()]));
    }
    Ok(ids)
}
