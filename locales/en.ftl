# Kyzmet Bot — English. Messages are sent with HTML parse mode: variables are escaped by the views.

## Language
language-prompt = Тілді таңдаңыз · Выберите язык · Choose your language
language-set = Language: English.
language-name = English

## Main menu
start-greeting = Hello, { $name }! I am the assistant of the town education department. I will help you find the right state service, see where and how fast it is provided and who to call, and leave a pre-application.
menu-title = Main menu. What do you need?
menu-categories = 📚 Services by topic
menu-find = 🔎 Find a service
menu-guide = 🧭 Which service do I need?
menu-officers = ☎️ Officers' contacts
menu-my = 🗂 My pre-applications
menu-language = 🌐 Language
menu-help = ❓ Help
btn-back = ⬅️ Back
btn-main-menu = 🏠 Main menu

## Categories and services
categories-title = Choose a topic:
category-title = { $emoji } <b>{ $name }</b>
    Choose a service:

## Service card
card-number = Service No. { $id }
card-ru-name-note = The Russian name of this service could not be checked against the official standard.
card-channels = <b>Where to apply:</b>
channel-portal = eGov portal (egov.kz, eGov Mobile app)
channel-con = Public Service Centre (ХҚКО / ЦОН)
channel-office = In person at the education department
card-time = <b>Processing time:</b> { $time }
card-time-per-channel = <b>Processing time</b> depends on where you apply:
card-time-line = { $channel }: { $time }
time-minutes = { $value ->
    [one] { $value } minute
   *[other] { $value } minutes
}
time-working-days = { $value ->
    [one] { $value } working day
   *[other] { $value } working days
}
time-calendar-days = { $value ->
    [one] { $value } calendar day
   *[other] { $value } calendar days
}
card-officer = <b>Responsible officer:</b> { $name }
card-phone = <b>Phone:</b> { $phone }
card-phone-inferred = (the number is cut short in the department's table for this service; it is taken from another row of the same officer)
card-time-garbled = (the time cell of the department's table is damaged here; read per channel as shown)
card-official-note = The bot does not take official applications: those are made on eGov, at a Public Service Centre or at the office.
card-egov = 🌐 Open on eGov
card-preapply = 📝 Pre-apply

## Officers
officers-title = <b>Officers of the education department</b>
officer-entry = <b>{ $name }</b> — { $phone }
officer-services = Services: { $services }
officer-note = Note: { $note }
officer-contact-button = 📇 { $name }
officer-contact-sent = Officer's contact: { $name }

## Help and privacy
help-text = <b>How to use the bot</b>
    • /start — main menu
    • Type what you need in your own words, e.g. "kindergarten queue" or "lost certificate": I will find the service.
    • /search words — the same as typing
    • /officers — officers' phones
    • /my — your pre-applications
    • /language — change the language
    • /privacy — what data is kept and how to delete it
    • /cancel — leave any form
    The bot does not replace the official application: it helps you find the service and lets the officer contact you.
privacy-text = <b>Your data</b>
    What we keep: your chosen language; and, only if you leave a pre-application and agree to it: your name, phone, the service, your comment.
    Why: so that the responsible officer of the education department can contact you about the service.
    Who sees it: only the officer responsible for that service and the bot's administrators of the department.
    For how long: until the pre-application is closed, then { $days } days, after which it is deleted automatically.
    Your rights: you can withdraw your consent and delete all your data at any time with /deletedata. The data are stored in Kazakhstan (Law No. 94-V "On personal data and their protection").

## Deep links and stale buttons
deeplink-unknown = I could not find that service. Here is the main menu.
stale-button = This menu has changed. Here is the current one.
callback-unknown = This button is no longer valid.

## Input the bot cannot read
unsupported-message = I understand text messages. Please type what you need or use the menu.
text-too-long = Your message is too long ({ $length } characters). Please write it in fewer than { $max } characters.
group-only-private = I work in private chats only. Please write to me directly: { $link }
error-generic = Sorry, something went wrong on our side. Please try again; your data is safe.
service-degraded = Sorry, part of the service is temporarily unavailable. The menu and service cards still work; please try again in a few minutes.
rate-limited = You are sending messages too quickly. Please wait a few seconds.

## Commands (Telegram menu)
cmd-start = Main menu
cmd-search = Find a service
cmd-officers = Officers' contacts
cmd-my = My pre-applications
cmd-language = Change the language
cmd-help = Help
cmd-privacy = Your data and privacy
cmd-cancel = Leave the current form

## Search
search-prompt = What are you looking for? Type a few words in any language, e.g. "kindergarten queue", "lost certificate", "опека".
search-results = Here is what I found for «{ $query }»:
search-unsure = I am not sure I understood «{ $query }». Perhaps one of these:
search-nothing = I found nothing for «{ $query }». Try other words, browse the topics, or answer a few questions.
search-officers = Officers:
inline-open-bot = Open in the bot

## Pre-application form
form-consent = <b>Pre-application: consent to personal data processing</b>
    Service: { $service }
    To pass your pre-application to the responsible officer, the town education department (the operator) will keep: your name, your phone, the service, the way you prefer to apply and your comment.
    Purpose: only so that the officer can contact you about this service. Who sees it: the responsible officer and the bot's administrators. Nothing is passed to third parties or abroad; the data are stored in Kazakhstan.
    Term: until the pre-application is closed, then { $days } days. You can withdraw your consent and delete the data at any time with /deletedata.
    A pre-application is not the official application: that is made on eGov, at a Public Service Centre or at the office.
    Do you agree?
form-consent-yes = ✅ I agree
form-consent-no = ✖️ No
form-no-consent = Understood: nothing has been stored. You can still call the officer or apply through the channels on the service card.
form-ask-name = What is the applicant's name? (first name and surname)
form-hint-name = Please type the applicant's name as text.
name-problem-empty = The name is empty. Please type the applicant's name.
name-problem-too_short = That is too short for a name. Please type the first name and surname.
name-problem-too_long = That is too long for a name. Please type the first name and surname only.
name-problem-invalid_characters = A name can contain letters, spaces, hyphens and apostrophes only. Please type it again.
form-ask-phone = Your phone number: press the button below to share it, or type it (e.g. +7 701 123 45 67 or 8 7187 49 02 25).
form-share-phone = 📱 Share my phone number
form-hint-phone = Please share your phone with the button below or type the number.
form-phone-not-own = Please share your own number (or type the number to call).
form-phone-saved = Phone: { $phone } ✓
phone-problem-empty = The number is empty. Please type your phone number.
phone-problem-invalid_characters = A phone number can contain digits, spaces, +, - and brackets only.
phone-problem-too_short = That number is too short. Please type it with the code, e.g. +7 701 123 45 67.
phone-problem-too_long = That number is too long. Please check it.
phone-problem-missing_area_code = Please add the city or mobile code, e.g. 8 7187 49 02 25 or +7 701 123 45 67.
phone-problem-foreign_number = Please give a Kazakhstan number (+7 7…).
phone-problem-russian_number = That looks like a Russian number. Please give a Kazakhstan number (+7 7…).
phone-problem-unassigned_range = There is no such Kazakhstan number range. Please check the number.
form-ask-channel = How would you prefer to apply?
form-ask-comment = A comment for the officer, if any (up to { $max } characters), or press "Skip".
form-hint-comment = Please type the comment as text, or press "Skip".
comment-too-long = The comment is too long: please keep it within { $max } characters.
form-skip-button = ⏭ Skip
form-cancel-button = ✖️ Cancel
form-use-buttons = Please answer with the buttons above.
form-summary-title = <b>Please check your pre-application</b>
form-confirm-button = ✅ Confirm
form-edit-button = ✏️ Edit
form-edit-which = What would you like to change?
form-done = ✅ Your pre-application <b>{ $ref }</b> is registered.
    { $deadline }
    What happens next: { $officer } will contact you at the phone you gave. This is not the official application; the officer will tell you how to complete it.
    Follow it with /my.
form-store-unavailable = Sorry, saving is temporarily unavailable. Nothing is lost: please press Confirm again in a minute.
form-cancelled = The form is cancelled; nothing has been stored.
form-too-many-answers = The form is closed: it got too many answers. Nothing has been stored. Start again from the service card, or call the officer.
form-limit-service = You already have open pre-applications for this service. Please wait for the officer or cancel one in /my.
form-limit-total = You have too many open pre-applications. Please wait for answers or cancel some in /my.
form-limit-daily = You have already sent { $max } pre-applications today, the limit for one day. You can send a new one tomorrow; if it is urgent, please call the officer.
nothing-to-cancel = There is no form to cancel.

## Fields and statuses
field-service = Service
field-name = Name
field-phone = Phone
field-channel = Where to apply
field-comment = Comment
field-status = Status
field-created = Created
field-reason = Reason
status-new = 🆕 new
status-in_work = 🔧 in work
status-done = ✅ done
status-rejected = ⛔ rejected
status-cancelled = ✖️ cancelled
deadline-estimate = Expected by: { $when } (an estimate)
deadline-estimate-uncertain = Expected by: { $when } (a rough estimate: the holiday calendar for that period is not confirmed yet)

## My pre-applications
my-title = <b>Your pre-applications</b>
my-empty = You have no pre-applications yet. Open a service card and press "Pre-apply".
my-cancel-button = ✖️ Cancel this pre-application
my-cancel-confirm = Cancel pre-application { $ref }?
my-cancelled = The pre-application is cancelled.
confirm-yes = ✅ Yes
action-not-possible = This is no longer possible: the pre-application has changed.
delete-data-button = 🗑 Delete my data
delete-data-confirm = Delete all your pre-applications and data? Open pre-applications are withdrawn and the officers are told (without your data). This cannot be undone.
delete-data-yes = 🗑 Yes, delete everything
delete-data-done = Done: your data are deleted ({ $count } pre-applications).

## Officer's desk
officers-only = This is for the department's officers. If you are one, ask an administrator for an invite link.
not-allowed = You cannot open or change this pre-application.
queue-title = <b>{ $officer }: open pre-applications</b> ({ $from }–{ $to } of { $total }, oldest deadline first)
queue-empty = { $officer }: no open pre-applications. 🎉
queue-pick-officer = Whose queue?
queue-overdue = overdue
officer-take = 🔧 Take
officer-complete = ✅ Done
officer-reject = ⛔ Reject
officer-call = 📞 Call
officer-open = 📂 Open
status-set-in_work = Taken into work. The citizen is notified.
status-set-done = Marked as done. The citizen is notified.
status-set-rejected = Rejected. The citizen is notified with the reason.
status-set-cancelled = Cancelled.
reject-ask-reason = Why is it rejected? Write the reason for the citizen (up to { $max } characters).
reject-too-long = The reason is too long: please keep it within { $max } characters.
notify-new-title = 🆕 <b>New pre-application</b>
notify-withdrawn = Pre-application { $ref } was withdrawn by the citizen.
notify-citizen-new = Your pre-application { $ref } is registered.
notify-citizen-in_work = 🔧 Your pre-application { $ref } has been taken into work.
notify-citizen-done = ✅ Your pre-application { $ref } is done.
notify-citizen-rejected = ⛔ Your pre-application { $ref } was rejected.
notify-citizen-cancelled = ✖️ Your pre-application { $ref } was cancelled by the department.

## Administration
admins-only = This command is for the bot's administrators.
invite-pick = Invite which officer?
invite-created = One-time invite, valid 72 hours. Officer: { $name }. Send this link to that officer only:
    { $link }
invite-unknown = This invite link is not valid.
invite-used = This invite link has already been used. Ask the administrator for a new one.
invite-expired = This invite link has expired. Ask the administrator for a new one.
invite-linked = You are registered as an officer: <b>{ $name }</b> (services: { $services }). New pre-applications will come here; /queue shows the open ones.
unlink-pick = Unlink which officer?
unlink-done = { $name }: { $count } Telegram account(s) unlinked.
unlinked-notice = You are no longer linked as { $name } in the bot.
stats-title = <b>Statistics</b>
stats-totals = New: { $new } · in work: { $in_work } · done: { $done } · rejected: { $rejected } · cancelled: { $cancelled } · overdue: { $overdue }
stats-service = №{ $id }: open { $open }, closed { $closed }, overdue { $overdue }
stats-reminders = Reminders pending: { $pending }; failed for good: { $failed }
stats-failure-blocked = • chat { $chat }: the bot is blocked
stats-failure-attempts_exhausted = • chat { $chat }: not delivered after every retry
stats-unlinked = Officers with no Telegram account linked: { $names }
export-usage = Usage: /export [from] [to], dates as YYYY-MM-DD, at most { $days } days (default: the last 30 days).
export-caption = Pre-applications: { $count }

## Reminders to officers
reminder-before_deadline = ⏰ <b>{ $ref }</b> is due { $when } (the next working day).
reminder-half_time = ⏰ <b>{ $ref }</b>: half of the processing time has passed; due { $when }.
reminder-at_deadline = ⏰ <b>{ $ref }</b> is due { $when }.
reminder-overdue = ⚠️ <b>{ $ref }</b> is overdue: it was due { $when }.
reminder-many = ⏰ <b>{ $count } pre-applications need your attention</b>
reminder-more = …and { $count } more in /queue.
officer-queue-button = 📋 Open the queue

## details
details-docs-button = 📄 Documents
details-about-button = ℹ️ Who can apply / result
details-back-to-card = ⬅️ Back to the card
details-docs-title = 📄 <b>Documents you need</b>
details-about-title = ℹ️ <b>Who can apply and what you get</b>
details-channel-portal = Via the eGov portal
details-channel-con = At a Public Service Centre (ХҚКО)
details-channel-office = In person at the education department
details-eligibility = Who can apply
details-cost = Cost
details-result = What you get
details-steps = How to apply
details-refusal = Grounds for refusal
details-legalBasis = Legal basis
details-field-eligibility = who can apply
details-field-documents = the document list
details-field-cost = the cost
details-field-result = the result
details-field-steps = the steps
details-field-refusal = the grounds for refusal
details-field-legalBasis = the legal basis
details-partial = The list may be incomplete — check with the officer.
details-unconfirmed = Not confirmed by a source: { $fields }. Check with the officer.
details-none = No confirmed details for this service yet. Check with the officer.
details-sources = Source: { $hosts }, read { $date }.
details-translated = The text is our translation of the source.
details-page = Page { $page } of { $pages }
checklist-title = 📄 <b>Documents to bring</b> — { $channel }
checklist-none = No source confirmed the document list for this service. Check it with the officer before you go.
checklist-note = This is to prepare: the official application is made on eGov, at a Public Service Centre or at the department.
checklist-officer = 📄 The citizen was sent the document list ({ $channel }):
checklist-officer-none = 📄 The citizen was told the document list is not confirmed and to check it with you.
sources-usage = Usage: /sources N — a service number from 1 to { $max }.
sources-title = Service No. { $id }: data flags and sources
sources-stale = read over 12 months ago — read the source again
## search
search-answer = For “{ $query }” the first service fits best (matched: { $reason }):
search-choice = “{ $query }” fits several services. Pick yours:
search-read-as = It looks typed on the other keyboard layout. I read it as “{ $text }”.
search-referral = <b>{ $topic }</b>: this is not a service of the education department.
    { $where }
search-smalltalk-greeting = Hello! I help you find a service of the education department. Tell me what you need, for example “kindergarten queue”.
search-smalltalk-thanks = You're welcome! Write any time you need something else.
search-smalltalk-bye = Goodbye! When you need a service, just write.
search-smalltalk-howAreYou = I'm fine, thank you! How can I help? Tell me which service you need.
search-smalltalk-whoAreYou = I'm the education department's bot: I help you find the right one of its 24 services, its deadlines and the officer to contact.
search-smalltalk-ok = All right! If you need a service, write a few words about it.
## journey
time-up-to-minutes = { $value ->
    [one] up to { $value } minute
   *[other] up to { $value } minutes
}
time-up-to-working-days = { $value ->
    [one] up to { $value } working day
   *[other] up to { $value } working days
}
time-up-to-calendar-days = { $value ->
    [one] up to { $value } calendar day
   *[other] up to { $value } calendar days
}
help-officer = <b>For officers:</b>
    • /queue — the queue of open pre-applications
    • /export — pre-applications as a CSV file
help-admin = <b>For administrators:</b>
    • /invite — invite an officer
    • /unlink — unlink an officer
    • /stats — statistics
journey-card-address = <b>Address:</b> { $address }
journey-card-hours = <b>Office hours:</b> { $hours }
journey-share = 📤 Share this service
journey-open-card = 📄 Service card
journey-unknown-command = I don't know the command { $command }.
media-not-understood = I can't read voice messages, photos or files. Please type what you need, e.g. "kindergarten queue", or pick from the menu.
stats-data-notes = Services with notes on the source table's data (shown only to administrators, on the card): { $services }

## forms
form-left = You left the form; nothing has been stored.
form-how-to-leave = To leave the form: /cancel or “✖️ Cancel”.
form-chosen = Your answer: { $choice }
form-summary-outdated = This version is out of date: the request was changed after it. The current one is below.
