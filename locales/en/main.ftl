## ismo: English catalog. Words follow shared/spec/journeys.md.

app-name = ismo
nav-label = Main menu
nav-objectives = Information security objectives
nav-policy = Information security policy
period = Period
fiscal-year = FY{ $year }
show = Show
save = Save
cancel = Cancel
edit = Edit
print = Print
back-home = Back to the start page
not-set = Not set
choose-none = (none)
no-options = There is nothing to choose yet.
required-mark = required
form-has-errors = Some entries need attention. Check the message at each field and save again.
date-hint = Any of 2026-03-31, 2026/3/31, 令和8年3月31日, R8.3.31 or 2026年3月末 is understood.
archived = Archived
archived-hint = Archived records move to the end of the list and no longer count for the objective. Nothing is deleted; the record stays.
version-label = Version { $n }

welcome-title = Welcome to ismo
welcome-body = No organization has been set up yet. To try ismo with demo data, start it with:

## Months (column headers of the sheet).
month = Month
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## Objectives list.
objectives-title = Information security objectives
objectives-none = There are no objectives for this period yet. Use "Add objective" to record one.
objectives-none-match = No objective matches these filters. Change the filters.
objective = Information security objective
filter-all = All
filter-apply = Filter
sort-by = Sort by
sort-code = Number
sort-title = Objective
sort-status = Status
sort-department = Department
sort-deadline = Deadline
col-no = No.
col-row = Row
row-plan = Plan
row-result = Result

## Objective.
objective-new = Add objective
objective-edit = Edit objective { $code }
objective-code = Number
objective-code-hint = The No. of the management table (e.g. 1, O-3); unique within the period.
objective-title = Information security objective
objective-description = Description
objective-department = Department
objective-level = Level
objective-level-hint = e.g. company-wide, department, team
objective-status = Status
objective-statements = Consistent with the information security policy (6.2 a)
objective-statements-hint = Choose the policy statements this objective serves.
objective-unmeasurable-reason = Why it cannot be measured
objective-unmeasurable-hint = Only when no numeric indicator fits; then also give the qualitative method (6.2 b).
objective-qualitative-method = Qualitative method
objective-status-draft = Draft
objective-status-active = Active
objective-status-achieved = Achieved
objective-status-partially_achieved = Partially achieved
objective-status-not_achieved = Not achieved
objective-status-withdrawn = Withdrawn

## The objective page.
glance-title = Clause 6.2 at a glance
req-a = Consistent with the policy
req-a-missing = Not linked to any policy statement.
req-b = Measurable
req-b-missing = Neither an indicator with a target nor a reason why it cannot be measured.
req-c = Requirements and inputs taken into account
req-c-missing = No input and no requirement.
req-d = Communicated
req-d-none = No communication recorded yet.
req-e = Updated
req-fj = Plans (actions, resources, responsible person, deadline, evaluation method)
plans = Plans
plans-none = No plan yet.
plans-column = Plans (responsible person / deadline / progress)
plans-count = { $n } plan(s), below

## Plans.
plan-new = Add plan
plan-edit = Edit plan { $number }
plan-edit-link = Edit plan
plan-actions = Actions
plan-actions-hint = What will be done (6.2 f). Plan the months after saving, under "Planned tasks / Results".
plan-resources = Resources
plan-budget = Budget
plan-budget-amount = Budget amount
plan-budget-hint = e.g. 1,500,000 or 150万円. Leave blank for no budget.
plan-budget-currency = Currency
plan-currency-hint = JPY when left blank.
plan-responsible = Responsible person
plan-deadline = Deadline
plan-evaluation-method = Evaluation method
plan-indicator = Indicator used for evaluation
plan-status = Progress
plan-status-not_started = Not started
plan-status-on_track = On track
plan-status-done = Done
plan-status-cancelled = Cancelled

## Monthly cells.
months-edit = Planned tasks / Results of plan { $number }
months-edit-link = Planned tasks / Results
months-hint = Enter each month's planned task and result. Writing a result marks the month done unless you choose another state.
month-state = State
month-state-planned = Planned
month-state-done = Done
month-state-partial = Partial
month-state-not_done = Not done
month-state-skipped = Skipped

## Indicators.
indicators = Indicators
indicators-none = No indicator yet.
indicator-new = Add indicator
indicator-edit = Edit indicator
indicator-name = Indicator
indicator-unit = Unit
indicator-unit-hint = e.g. points, %, incidents
indicator-direction = Direction
indicator-baseline = Baseline
indicator-target = Target value
indicator-frequency = Frequency
direction-higher = Higher is better
direction-lower = Lower is better
direction-target = Hit the target value
frequency-monthly = Monthly
frequency-quarterly = Quarterly
frequency-semiannual = Every six months
frequency-annual = Yearly
frequency-once = Once

## Inputs.
inputs = Inputs
inputs-none = No input yet.
input-new = Add input
input-edit = Edit input
input-kind = Kind
input-date = Date
input-reference = Reference
input-reference-hint = e.g. minutes of the March 2025 management review, item 4
input-kind-management_review = Management review
input-kind-top_management = Top management's instruction
input-kind-risk_assessment = Risk assessment result
input-kind-internal_audit = Internal audit
input-kind-external_audit = External audit
input-kind-incident = Incident
input-kind-legal = Legal or regulatory requirement
input-kind-contract = Contract
input-kind-interested_parties = Requirements of interested parties
input-kind-other = Other

## Requirements.
requirements = Requirements
requirements-none = No requirement yet.
requirement-new = Add requirement
requirement-edit = Edit requirement
requirement-kind = Kind
requirement-text = Requirement
requirement-text-hint = e.g. Act on the Protection of Personal Information; NDA with a customer, article 5
requirement-kind-legal = Legal and regulatory
requirement-kind-contractual = Contractual
requirement-kind-interested_party = Interested parties

## Policy.
policy-title = Information security policy
policy-none = No policy recorded yet. Use "New version" to record it.
policy-version-new = New version
policy-version-label = Version { $number }: { $title }
policy-default-title = Information security policy
policy-approved-on = Approved on
policy-copy-statements = Carry over the current version's statements
policy-copy-statements-hint = Carried-over statements can be edited in the new version; the old version stays on record unchanged.
policy-current = Current
policy-superseded = Superseded
statements = Statements
statements-none = No statement yet.
statement-new = Add statement
statement-edit = Edit statement { $reference }
statement-number = Number
statement-text = Statement

## Errors.
error-not-found-title = Page not found
error-not-found-body = The record does not exist or does not belong to this organization. Choose it again from a list.
error-bad-request-title = The request could not be read
error-bad-request-body = What was sent could not be read. Reload the page and try again.
error-too-large-title = Too much was sent
error-too-large-body = The request exceeds what can be sent at once. Save the content in smaller parts.
error-internal-title = Something went wrong
error-internal-body = Your change may not have been saved. Try again in a moment; if it persists, tell your administrator.

## Why a value was refused.
invalid-choice = Choose one of the listed options.
invalid-number = Enter a number, such as 95 or 12.5.
invalid-duplicate = This value is already in use. Choose another.
invalid-code-taken = This number is already used in this period. Choose another.
invalid-qualitative-method-needed = When you give a reason why it cannot be measured, also give the qualitative method.
invalid-unmeasurable-reason-needed = When you use a qualitative method, also give the reason why it cannot be measured.
invalid-result-needed = To mark a month done, enter its planned task or its result.
invalid-statement-number = Enter the statement number as a whole number from 1 to 999.
invalid-review-interval = Choose a review interval from 1 to 60 months.
invalid-required = Fill in this field.
invalid-too-long = Enter at most { $max } characters.
invalid-year-month = Enter the month as 2025-04.
invalid-fiscal-start-month = Choose a fiscal-year start month from 1 to 12.
invalid-fiscal-year = Choose a fiscal year between 1900 and 2998.
invalid-date = Enter the date as 2026-03-31.
invalid-money = Enter the amount as a number of 0 or more, such as 1,500,000, with at most { $digits } decimal places.
invalid-currency = Enter the currency as a three-letter code such as JPY or USD.
invalid-code = Enter the code with at most { $max } letters, digits, "-", "_" or ".", such as R-004.

## Accounts and login.
login-title = Log in
login-no-users = No one can log in yet. Create the first admin on the server with:
login-email = E-mail address
login-password = Password
login-submit = Log in
login-failed = The e-mail address or the password is not right. Check them and try again.
login-locked = Too many failed logins: logging in is paused. Try again in { $minutes } minutes.
logout = Log out
role-admin = Admin
role-manager = Manager (ISMS secretariat)
role-owner = Owner
role-auditor = Auditor
no-org-title = You belong to no organization
no-org-body = { $name }, you are not a member of any organization yet. Ask an admin to add you.
error-forbidden-title = Not allowed
error-forbidden-body = Your role does not allow changing this record. Ask the ISMS secretariat or an admin if it needs changing.
error-cross-site-title = Requests from other sites are refused
error-cross-site-body = This request did not come from an ismo page, so nothing was done. Open ismo again and repeat the action there.

## History and lost updates.
history = History
history-none = No change recorded yet.
history-when = When
history-who = Who
history-what = What
history-changes = Changes
audit-action-create = Created
audit-action-update = Updated
audit-action-status = Status changed
conflict = Someone else saved this record after you started editing it.
conflict-by = { $who } saved this record after you started editing it ({ $when }).
conflict-what-to-do = Your input is kept as you typed it. Where the saved value differs, it is shown under the field. Check, then save again to apply your input.
conflict-saved-value = Saved value
list-separator = ,{" "}
yes = Yes
no = No
plan-label = Plan { $number }
objective-label = Objective { $code }
plan-open = Open plan
plan-responsible-not-user = (someone without an account: enter the name below)
plan-responsible-hint = Choose a user so they can record results for this plan as their own.
plan-responsible-name = Responsible person's name (without an account)

## Field names in the history.
field-code = Number
field-title = Title
field-description = Description
field-department = Department
field-level = Level
field-status = Status
field-unmeasurable-reason = Why it cannot be measured
field-qualitative-method = Qualitative method
field-statements = Policy statements
field-actions = Actions
field-resources = Resources
field-budget = Budget
field-responsible-user-id = Responsible person (user)
field-responsible-name = Responsible person
field-deadline = Deadline
field-evaluation-method = Evaluation method
field-indicator-id = Indicator used for evaluation
field-name = Name
field-unit = Unit
field-direction = Direction
field-baseline = Baseline
field-target = Target value
field-frequency = Frequency
field-archived = Archived
field-kind = Kind
field-occurred-on = Date
field-reference = Reference
field-text = Text
field-number = Number
field-months = Planned tasks / Results
field-approved-on = Approved on
field-role = Role
field-email = E-mail address
field-display-name = Name
field-period = Fiscal year
invalid-email = Enter the e-mail address as name@example.com.
invalid-password-short = Use a password of at least { $min } characters.
invalid-password-long = The password is too long; use at most { $max } characters.
