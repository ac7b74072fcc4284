## ismo: Japanese (default) catalog. Words follow shared/spec/journeys.md.

app-name = ismo
nav-label = メインメニュー
nav-objectives = 情報セキュリティ目的
nav-policy = 情報セキュリティ方針
period = 対象期間
fiscal-year = { $year }年度
show = 表示
save = 保存
cancel = キャンセル
edit = 編集
print = 印刷
back-home = トップへ戻る
not-set = 未設定
choose-none = （なし）
no-options = 選択できる項目がありません。
required-mark = 必須
form-has-errors = 入力内容に誤りがあります。各項目のメッセージを確認して、もう一度保存してください。
date-hint = 2026/3/31、2026-03-31、令和8年3月31日、R8.3.31、2026年3月末 のいずれの形式でも入力できます。
archived = アーカイブ
archived-hint = アーカイブすると一覧の後ろに移り、目的の評価には使われません。削除はされず、記録として残ります。
version-label = 第{ $n }版

welcome-title = ismo へようこそ
welcome-body = まだ組織が登録されていません。デモデータで試すには、次のコマンドで起動してください。

## Months (column headers of the sheet).
month = 月
month-1 = 1月
month-2 = 2月
month-3 = 3月
month-4 = 4月
month-5 = 5月
month-6 = 6月
month-7 = 7月
month-8 = 8月
month-9 = 9月
month-10 = 10月
month-11 = 11月
month-12 = 12月

## Objectives list.
objectives-title = 情報セキュリティ目的
objectives-none = この期間の情報セキュリティ目的はまだありません。「目的を追加」から登録してください。
objectives-none-match = 条件に合う目的はありません。絞り込みを変えてください。
objective = 情報セキュリティ目的
filter-all = すべて
filter-apply = 絞り込む
sort-by = 並び順
sort-code = 番号順
sort-title = 目的名順
sort-status = 状態順
sort-department = 部門順
sort-deadline = 達成期限順
col-no = No.
col-row = 区分
row-plan = 計画
row-result = 実施結果

## Objective.
objective-new = 目的を追加
objective-edit = 目的 { $code } の編集
objective-code = 番号
objective-code-hint = 管理表の No. と同じ番号（例: 1、O-3）。同じ期間で重複はできません。
objective-title = 情報セキュリティ目的
objective-description = 説明
objective-department = 部門
objective-level = 階層
objective-level-hint = 例: 全社、部門、チーム
objective-status = 状態
objective-statements = 情報セキュリティ方針との整合（6.2 a）
objective-statements-hint = この目的が根拠とする方針の条項を選んでください。
objective-unmeasurable-reason = 測定できない理由
objective-unmeasurable-hint = 数値の指標が合わない場合のみ記入し、定性的な評価方法も記入してください（6.2 b）。
objective-qualitative-method = 定性的な評価方法
objective-status-draft = 下書き
objective-status-active = 推進中
objective-status-achieved = 達成
objective-status-partially_achieved = 一部達成
objective-status-not_achieved = 未達成
objective-status-withdrawn = 取り下げ

## The objective page.
glance-title = 6.2 の要求事項（一覧）
req-a = 方針との整合
req-a-missing = 方針の条項に結び付いていません。
req-b = 測定可能
req-b-missing = 目標値のある指標も、測定できない理由もありません。
req-c = 考慮した要求事項・インプット
req-c-missing = インプットも要求事項もありません。
req-d = 伝達
req-d-none = 伝達の記録はまだありません。
req-e = 更新
req-fj = 計画（実施事項・資源・責任者・期限・評価方法）
plans = 計画
plans-none = 計画がありません。
plans-column = 計画（責任者 / 達成期限 / 進捗）
plans-count = 計画 { $n } 件（下表）

## Plans.
plan-new = 計画を追加
plan-edit = 計画 { $number } の編集
plan-edit-link = 計画を編集
plan-actions = 実施事項
plan-actions-hint = 何を実施するか（6.2 f）。月ごとの予定は保存後に「月別の計画・実績」で入力します。
plan-resources = 必要な資源
plan-budget = 予算
plan-budget-amount = 予算額
plan-budget-hint = 例: 1,500,000、150万円。空欄なら予算なし。
plan-budget-currency = 通貨
plan-currency-hint = 空欄なら JPY（円）。
plan-responsible = 責任者
plan-deadline = 達成期限
plan-evaluation-method = 結果の評価方法
plan-indicator = 評価に使う指標
plan-status = 進捗
plan-status-not_started = 未着手
plan-status-on_track = 予定どおり
plan-status-done = 完了
plan-status-cancelled = 中止

## Monthly cells.
months-edit = 計画 { $number } の月別の計画・実績
months-edit-link = 月別の計画・実績
months-hint = 各月の実施事項計画と実施結果を入力します。実施結果を書くと、別の状態を選ばない限り「実施済」になります。
month-state = 状態
month-state-planned = 予定
month-state-done = 実施済
month-state-partial = 一部実施
month-state-not_done = 未実施
month-state-skipped = 対象外

## Indicators.
indicators = 指標
indicators-none = 指標はまだありません。
indicator-new = 指標を追加
indicator-edit = 指標の編集
indicator-name = 指標
indicator-unit = 単位
indicator-unit-hint = 例: 点、%、件
indicator-direction = 評価の向き
indicator-baseline = 現状値
indicator-target = 目標値
indicator-frequency = 測定頻度
direction-higher = 高いほど良い
direction-lower = 低いほど良い
direction-target = 目標値ちょうど
frequency-monthly = 毎月
frequency-quarterly = 四半期ごと
frequency-semiannual = 半年ごと
frequency-annual = 年1回
frequency-once = 1回のみ

## Inputs.
inputs = インプット
inputs-none = インプットはまだありません。
input-new = インプットを追加
input-edit = インプットの編集
input-kind = 種類
input-date = 日付
input-reference = 出典・参照
input-reference-hint = 例: 2025年3月 マネジメントレビュー議事録 4項
input-kind-management_review = マネジメントレビュー
input-kind-top_management = 経営者の指示
input-kind-risk_assessment = リスクアセスメント結果
input-kind-internal_audit = 内部監査
input-kind-external_audit = 外部審査
input-kind-incident = インシデント
input-kind-legal = 法令・規制要求事項
input-kind-contract = 契約
input-kind-interested_parties = 利害関係者の要求
input-kind-other = その他

## Requirements.
requirements = 要求事項
requirements-none = 要求事項はまだありません。
requirement-new = 要求事項を追加
requirement-edit = 要求事項の編集
requirement-kind = 種類
requirement-text = 内容
requirement-text-hint = 例: 個人情報保護法、顧客との秘密保持契約 第5条
requirement-kind-legal = 法令・規制
requirement-kind-contractual = 契約
requirement-kind-interested_party = 利害関係者

## Policy.
policy-title = 情報セキュリティ方針
policy-none = 方針はまだ登録されていません。「新しい版を作成」から登録してください。
policy-version-new = 新しい版を作成
policy-version-label = 第{ $number }版 { $title }
policy-default-title = 情報セキュリティ基本方針
policy-approved-on = 承認日
policy-copy-statements = 現在の版の条項を引き継ぐ
policy-copy-statements-hint = 引き継いだ条項は新しい版で編集できます。古い版はそのまま記録として残ります。
policy-current = 現行版
policy-superseded = 旧版
statements = 条項
statements-none = 条項はまだありません。
statement-new = 条項を追加
statement-edit = 条項 { $reference } の編集
statement-number = 条項番号
statement-text = 条文

## Errors.
error-not-found-title = ページが見つかりません
error-not-found-body = 指定された記録は存在しないか、この組織のものではありません。一覧から選び直してください。
error-bad-request-title = 要求を処理できません
error-bad-request-body = 送信された内容を読み取れませんでした。画面を再読み込みして、もう一度操作してください。
error-too-large-title = 送信内容が大きすぎます
error-too-large-body = 一度に送信できる量を超えています。内容を分けて保存してください。
error-internal-title = 処理中に問題が発生しました
error-internal-body = 保存されていない可能性があります。しばらくしてからもう一度お試しください。続く場合は管理者に連絡してください。

## Why a value was refused.
invalid-choice = 一覧から選んでください。
invalid-number = 数値で入力してください（例: 95、12.5）。
invalid-duplicate = 同じ値がすでに使われています。別の値にしてください。
invalid-code-taken = この番号はこの期間ですでに使われています。別の番号にしてください。
invalid-qualitative-method-needed = 測定できない理由を書いた場合は、定性的な評価方法も入力してください。
invalid-unmeasurable-reason-needed = 定性的な評価方法を使う場合は、測定できない理由も入力してください。
invalid-result-needed = 「実施済」にするには、実施事項計画か実施結果を入力してください。
invalid-statement-number = 条項番号は 1 から 999 の整数で入力してください。
invalid-review-interval = 見直しの間隔は 1 から 60 か月の間で指定してください。
invalid-required = この項目を入力してください。
invalid-too-long = { $max } 文字以内で入力してください。
invalid-year-month = 年月は 2025/04 の形式で入力してください。
invalid-fiscal-start-month = 年度の開始月は 1 から 12 の間で指定してください。
invalid-fiscal-year = 年度は 1900 から 2998 の間で指定してください。
invalid-date = 日付は 2026/03/31 の形式で入力してください。
invalid-money = 金額は 1,500,000 のように 0 以上の数で、小数点以下 { $digits } 桁までで入力してください。
invalid-currency = 通貨は JPY や USD のような英字 3 文字で入力してください。
invalid-code = 番号は R-004 のように、半角英数字と「-」「_」「.」を使って { $max } 文字以内で入力してください。

## Accounts and login.
login-title = ログイン
login-no-users = まだ利用者が登録されていません。サーバーで次のコマンドを実行して、最初の管理者を作成してください。
login-email = メールアドレス
login-password = パスワード
login-submit = ログイン
login-failed = メールアドレスまたはパスワードが正しくありません。確認して、もう一度入力してください。
login-locked = ログインの失敗が続いたため、一時的にログインできません。{ $minutes } 分後にもう一度お試しください。
logout = ログアウト
role-admin = 管理者
role-manager = ISMS事務局
role-owner = 責任者
role-auditor = 監査員
no-org-title = 所属する組織がありません
no-org-body = { $name } さんは、まだどの組織にも所属していません。管理者に、組織への追加を依頼してください。
error-forbidden-title = この操作は許可されていません
error-forbidden-body = あなたの役割では、この記録を変更できません。必要な場合は、ISMS事務局か管理者に依頼してください。
error-cross-site-title = 他のサイトからの送信は受け付けません
error-cross-site-body = この送信は ismo の画面から行われたものではないため、処理しませんでした。ismo の画面を開き直して、もう一度操作してください。

## History and lost updates.
history = 変更履歴
history-none = 変更履歴はまだありません。
history-when = 日時
history-who = 変更者
history-what = 対象
history-changes = 変更内容
audit-action-create = 作成
audit-action-update = 更新
audit-action-status = 状態の変更
conflict = この記録は、あなたが編集を始めた後に、別の人が保存しました。
conflict-by = この記録は、あなたが編集を始めた後に { $who } さんが保存しました（{ $when }）。
conflict-what-to-do = あなたの入力はそのまま残しています。保存されている値と異なる項目に、その値を表示しています。確認して、もう一度保存すると、あなたの入力で更新します。
conflict-saved-value = 保存されている値
list-separator = 、
yes = はい
no = いいえ
plan-label = 計画 { $number }
objective-label = 目的 { $code }
plan-open = 計画を開く
plan-responsible-not-user = （利用者以外の人：下に氏名を入力）
plan-responsible-hint = 利用者を選ぶと、その人が自分の計画として実施結果を記録できます。
plan-responsible-name = 責任者の氏名（利用者でない場合）

## Field names in the history.
field-code = 番号
field-title = 名称
field-description = 説明
field-department = 部門
field-level = 階層
field-status = 状態
field-unmeasurable-reason = 測定できない理由
field-qualitative-method = 定性的な評価方法
field-statements = 方針の条項
field-actions = 実施事項
field-resources = 必要な資源
field-budget = 予算
field-responsible-user-id = 責任者（利用者）
field-responsible-name = 責任者
field-deadline = 達成期限
field-evaluation-method = 結果の評価方法
field-indicator-id = 評価に使う指標
field-name = 名称
field-unit = 単位
field-direction = 評価の向き
field-baseline = 現状値
field-target = 目標値
field-frequency = 測定頻度
field-archived = アーカイブ
field-kind = 種類
field-occurred-on = 日付
field-reference = 出典・参照
field-text = 内容
field-number = 番号
field-months = 月別の計画・実績
field-approved-on = 承認日
field-role = 役割
field-email = メールアドレス
field-display-name = 氏名
field-period = 年度
invalid-email = メールアドレスは name@example.com の形式で入力してください。
invalid-password-short = パスワードは { $min } 文字以上にしてください。
invalid-password-long = パスワードが長すぎます。{ $max } 文字以内にしてください。
