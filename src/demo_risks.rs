//! The demo's risk assessment: the seven risks of the sample workbook's
//! リスクアセスメント sheet (asset value × threat × vulnerability, criterion 12)
//! and the three treatments of its リスク対応計画 sheet. R-004 sits at the
//! criterion and deliberately has no treatment: the gap an audit would find.

use crate::demo::{DemoError, refused, shifted};
use crate::domain::actor::Actor;
use crate::domain::month::parse_cells;
use crate::domain::organization::Organization;
use crate::domain::plan::{PlanDraft, PlanForm, PlanParent};
use crate::domain::risk::{RiskDraft, RiskForm, TreatmentDraft, TreatmentForm};
use crate::domain::risk_method::RiskInputsForm;
use crate::store::Store;

/// (id, asset, asset owner, C, I, A, threat, vulnerability, existing controls, threat level, vulnerability level).
type SampleRisk =
    (&'static str, &'static str, &'static str, u8, u8, u8, &'static str, &'static str, &'static str, u8, u8);

const RISKS: [SampleRisk; 7] = [
    (
        "R-001",
        "顧客情報データベース",
        "鈴木 一郎（情報システム部）",
        3,
        3,
        2,
        "不正アクセス",
        "パスワードのみの認証",
        "アクセス権の定期見直し",
        2,
        3,
    ),
    (
        "R-002",
        "ノートPC（顧客情報を含む）",
        "鈴木 一郎（情報システム部）",
        3,
        2,
        2,
        "紛失・盗難",
        "ディスクが暗号化されていない",
        "持ち出し申請",
        3,
        2,
    ),
    ("R-003", "紙の契約書", "田中 次郎（総務部）", 2, 2, 2, "火災", "耐火保管庫がない", "なし", 2, 3),
    (
        "R-004",
        "社内ファイルサーバ",
        "鈴木 一郎（情報システム部）",
        2,
        3,
        3,
        "ランサムウェア",
        "オフラインバックアップがない",
        "ウイルス対策ソフト",
        2,
        2,
    ),
    ("R-005", "人事情報", "佐藤 花子（人事部）", 3, 2, 1, "誤送信", "送信前確認の仕組みがない", "注意喚起", 1, 3),
    ("R-006", "会社ウェブサイト", "田中 次郎（総務部）", 1, 2, 2, "改ざん", "CMSの更新遅れ", "WAF", 2, 2),
    ("R-007", "業務用スマートフォン", "鈴木 一郎（情報システム部）", 2, 1, 1, "紛失", "画面ロック未設定", "MDM", 1, 1),
];

/// One treatment of the sample: risk id, option, controls, residual, and its plan.
struct SampleTreatment {
    risk: &'static str,
    option: &'static str,
    controls: &'static str,
    residual: &'static str,
    actions: &'static str,
    resources: &'static str,
    responsible: &'static str,
    deadline: (i32, u32, u32),
    evaluation: &'static str,
    /// Months from April (index 0).
    planned: [&'static str; 12],
    results: [&'static str; 12],
    approver: &'static str,
}

const TREATMENTS: [SampleTreatment; 3] = [
    SampleTreatment {
        risk: "R-001",
        option: "reduce",
        controls: "A.5.17, A.8.5",
        residual: "6",
        actions: "顧客情報データベースに多要素認証を導入する",
        resources: "情報システム部1名、認証サービス費用（年額24万円）",
        responsible: "鈴木 一郎（情報システム部）",
        deadline: (2025, 10, 31),
        evaluation: "全管理者アカウントの多要素認証設定率100%を確認",
        planned: ["", "", "", "製品選定", "導入", "全アカウント設定", "設定率確認", "", "", "", "", ""],
        results: ["", "", "", "実施済", "実施済", "設定率80%", "", "", "", "", "", ""],
        approver: "鈴木 一郎（情報システム部）",
    },
    SampleTreatment {
        risk: "R-002",
        option: "reduce",
        controls: "A.8.1, A.8.24",
        residual: "6",
        actions: "全ノートPCのディスク暗号化を行う",
        resources: "情報システム部1名",
        responsible: "鈴木 一郎（情報システム部）",
        deadline: (2025, 9, 30),
        evaluation: "資産台帳で暗号化率100%を確認",
        planned: ["", "", "", "対象PC洗い出し", "暗号化実施", "暗号化実施・確認", "", "", "", "", "", ""],
        results: ["", "", "", "実施済（45台）", "30台完了", "", "", "", "", "", "", ""],
        approver: "鈴木 一郎（情報システム部）",
    },
    SampleTreatment {
        risk: "R-003",
        option: "transfer",
        controls: "A.7.5",
        residual: "4",
        actions: "契約書の電子化と原本の外部保管サービス利用",
        resources: "総務部1名、外部保管費用（年額12万円）",
        responsible: "田中 次郎（総務部）",
        deadline: (2026, 1, 31),
        evaluation: "電子化完了件数と外部保管契約の締結で評価",
        planned: ["", "", "", "", "", "業者選定", "契約", "電子化", "電子化", "電子化", "", ""],
        results: ["", "", "", "", "", "", "", "", "", "", "", ""],
        approver: "田中 次郎（総務部）",
    },
];

/// Loads the seven risks into `period` (once: a period with risks is left
/// alone); returns the new risks' ids by code.
pub async fn load(
    store: &Store,
    org: &Organization,
    period: i32,
    shift: i32,
    users: &[(i64, &'static str)],
    actor: &Actor,
) -> Result<Vec<(&'static str, i64)>, DemoError> {
    if !store.risks(org.id, period).await?.is_empty() {
        return Ok(Vec::new());
    }
    let user_of = |name: &str| users.iter().find(|(_, n)| *n == name).map(|(id, _)| id.to_string()).unwrap_or_default();
    let mut ids = Vec::new();
    for (code, asset, owner, c, i, a, threat, vulnerability, existing, tl, vl) in RISKS {
        let form = RiskForm {
            code: code.into(),
            asset: asset.into(),
            asset_owner: owner.into(),
            threat: threat.into(),
            vulnerability: vulnerability.into(),
            existing_controls: existing.into(),
            inputs: RiskInputsForm {
                confidentiality: c.to_string(),
                integrity: i.to_string(),
                availability: a.to_string(),
                threat_level: tl.to_string(),
                vulnerability_level: vl.to_string(),
                ..Default::default()
            },
            risk_owner_user_id: user_of(owner),
            risk_owner: owner.into(),
            assessed_on: shifted(2025, 6, 30, shift),
            ..Default::default()
        };
        let mut draft = RiskDraft::parse(&form, &org.risk).map_err(refused("risk"))?;
        if draft.risk_owner_user_id.is_none() {
            draft.risk_owner = Some(owner.to_string());
        }
        ids.push((code, store.create_risk(org.id, period, &draft, actor).await?));
    }
    Ok(ids)
}

/// Loads the three treatments with their plans, months and approvals, for
/// the risks `load` created (after the objectives, so their plans come first).
pub async fn load_treatments(
    store: &Store,
    org: &Organization,
    period: i32,
    shift: i32,
    users: &[(i64, &'static str)],
    ids: &[(&'static str, i64)],
    actor: &Actor,
) -> Result<(), DemoError> {
    let user_of = |name: &str| users.iter().find(|(_, n)| *n == name).map(|(id, _)| id.to_string()).unwrap_or_default();
    let fiscal = org.period(period);
    for sample in &TREATMENTS {
        let risk = ids.iter().find(|(c, _)| *c == sample.risk).map(|(_, id)| *id).expect("sample risk");
        let form = TreatmentForm {
            option: sample.option.into(),
            controls: sample.controls.into(),
            input: format!("リスクアセスメント結果（{}年6月）", 2025 + shift),
            target_residual: sample.residual.into(),
            version: String::new(),
        };
        let draft = TreatmentDraft::parse(&form, &org.risk).map_err(refused("treatment"))?;
        let treatment = store.save_treatment(org.id, risk, None, &draft, actor).await?;
        let (y, m, d) = sample.deadline;
        let plan = PlanForm {
            actions: sample.actions.into(),
            resources: sample.resources.into(),
            responsible_user_id: user_of(sample.responsible),
            responsible_name: sample.responsible.into(),
            deadline: shifted(y, m, d, shift),
            evaluation_method: sample.evaluation.into(),
            status: "on_track".into(),
            ..Default::default()
        };
        let draft = PlanDraft::parse(&plan).map_err(refused("treatment plan"))?;
        let plan_id = store.create_plan(org.id, PlanParent::Treatment(treatment), &draft, actor).await?;
        let mut pairs = Vec::new();
        for (i, month) in fiscal.months().iter().enumerate() {
            pairs.push((format!("planned_{month}"), sample.planned[i].to_string()));
            pairs.push((format!("result_{month}"), sample.results[i].to_string()));
        }
        let cells = parse_cells(&fiscal, &pairs).map_err(refused("treatment months"))?;
        store.save_months(org.id, plan_id, None, &cells, actor).await?;
        store.approve_treatment(org.id, risk, true, true, sample.approver, actor).await?;
    }
    Ok(())
}
