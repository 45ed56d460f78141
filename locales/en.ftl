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
card-situations = People usually come when:
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
    For how long: until the pre-application is closed (if nothing happens on it for { $idleDays } days, the bot closes it and tells you), then { $days } days, after which it is deleted automatically.
    Your rights: you can withdraw your consent and delete all your data at any time with /deletedata. After that, only the number of pre-applications you made in the last day is kept, for 24 hours (under a code, without your name or number), so the daily limit still holds. The data are stored in Kazakhstan (Law No. 94-V "On personal data and their protection").

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
    { $promise }
    This is not the official application; the officer will tell you how to file it.
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
status-new = 🆕 waiting for an officer's call
status-cancelled = ✖️ cancelled
status-expired = ⌛ closed: no activity for a long time
status-expired-days = ⌛ closed by the bot: { $days ->
    [one] { $days } day
   *[other] { $days } days
} without activity
notify-citizen-closed-idle = ⌛ Your pre-application { $ref } ({ $service }) is closed: nothing happened on it for { $days ->
    [one] { $days } day
   *[other] { $days } days
}.
    If you still need the service, apply again or call the officer — the buttons are below.
notify-staff-closed-idle = ⌛ The bot closed pre-application { $ref }: { $days ->
    [one] { $days } day
   *[other] { $days } days
} without activity. The citizen has been told.

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
queue-title = <b>{ $officer }: queue</b> ({ $from }–{ $to } of { $total }, nearest deadline first)
queue-empty = { $officer }: no open pre-applications. 🎉
queue-pick-officer = Whose queue?
queue-overdue = overdue
officer-call = 📞 Call
officer-open = 📂 Open
notify-new-title = 🆕 <b>New pre-application</b>
notify-withdrawn = Pre-application { $ref } was withdrawn by the citizen.

## Administration
admins-only = This command is for the bot's administrators.
invite-pick = Invite which officer?
invite-created = One-time invite, valid 72 hours. Officer: { $name }. Send this link to that officer only:
    { $link }
invite-unknown = This invite link is not valid.
invite-used = This invite link has already been used. Ask the administrator for a new one.
invite-expired = This invite link has expired. Ask the administrator for a new one.
invite-linked = You are registered as an officer: <b>{ $name }</b> (services: { $services }). New requests will come here; your desk is /desk, your queue /queue.
unlink-pick = Unlink which officer?
unlink-done = { $name }: { $count } Telegram account(s) unlinked.
unlinked-notice = You are no longer linked as { $name } in the bot.
stats-title = <b>Statistics</b>
stats-service = №{ $id }: open { $open }, closed { $closed }, overdue { $overdue }
stats-reminders = Reminders pending: { $pending }; failed for good: { $failed }
stats-failure-blocked = • chat { $chat }: the bot is blocked
stats-failure-attempts_exhausted = • chat { $chat }: not delivered after every retry
stats-unlinked = Officers with no Telegram account linked: { $names }
export-usage = Usage: /export [from] [to], dates as YYYY-MM-DD, at most { $days } days (default: the last 30 days).
export-caption = Pre-applications: { $count }

## Reminders to officers
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
search-answer = { $count ->
    [one] For “{ $query }” this service fits (matched: { $reason }):
   *[other] For “{ $query }” the first service fits best (matched: { $reason }):
}
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
    • /desk — your desk
    • /queue — the queue of open pre-applications
    • /export — pre-applications as a CSV file
help-admin = <b>For administrators:</b>
    • /invite — invite an officer
    • /unlink — unlink an officer
    • /cover — covers
    • /stats — statistics
journey-card-address = <b>Address:</b> { $address }
journey-card-hours = <b>Office hours:</b> { $hours }
journey-share = 📤 Share this service
journey-unknown-command = I don't know the command { $command }.
media-not-understood = I can't read voice messages, photos or files. Please type what you need, e.g. "kindergarten queue", or pick from the menu.
stats-data-notes = Services with notes on the source table's data (shown only to administrators, on the card): { $services }

## desk
status-contacted = 📞 an officer has been in touch
status-filed = 📨 application filed, under review
status-result_issued = ✅ result issued
status-refused = ⛔ officially refused
status-advised = 💬 advice given, nothing to file
response-promise = An education department officer will contact you by { $when }.
response-promise-named = { $officer } will contact you by { $when }.
when-uncertain = (approximate: the calendar of days off for that period is not confirmed yet)
field-owner = Owner
owner-none = not assigned yet
field-response-due = Contact by
field-official = Filed
field-official-due = Legal deadline for the result
field-reg-number = Reg. no.
field-appointment = Appointment
field-attempts = Could not reach
field-notes = Notes
overdue-mark = ⚠️ past due
notify-citizen-contact-advised = 📞 About { $ref }: an officer has given you advice.
notify-citizen-contact-will_file = 📞 About { $ref }: an officer has been in touch. Next step: file the application as agreed.
notify-citizen-contact-unreachable = 📵 About { $ref }: an officer could not reach you. Please call them.
notify-citizen-file = 📨 About { $ref }: the official application has been filed. The legal deadline for the result is { $when }.
notify-citizen-issue = ✅ About { $ref }: the result has been issued.
notify-citizen-refuse = ⛔ About { $ref }: officially refused.
notify-citizen-close = 💬 { $ref } is closed: advice given, nothing needs to be filed.
notify-citizen-undo = ↩️ Correction about { $ref }: please ignore the previous message. Status: { $status }.
notify-citizen-appoint = 📅 About { $ref }: you are expected at { $when }, { $place }.
citizen-service-card = 📄 Service card
citizen-call = ☎️ Call the officer
reason-advice_enough = advice was enough
reason-not_eligible = does not meet the service's conditions
reason-duplicate = duplicate request
reason-citizen_declined = the applicant changed their mind
reason-documents_incomplete = documents incomplete
reason-false_data = false information
reason-other = other
desk-contact-advised = 📞 Reached: advised
desk-contact-will_file = 📞 Reached: will file
desk-contact-unreachable = 📵 Could not reach
desk-file = 📨 Application filed
desk-issue = ✅ Result issued
desk-refuse = ⛔ Refusal
desk-close = 💬 Close: advice given
desk-appoint = 📅 Set an appointment
desk-note = 📝 Note
desk-assign = 👤 Assign an owner
desk-undo = ↩️ Undo the last step
desk-unassign = 🆘 No owner
desk-confirm-issue = Mark the result of { $ref } as issued? The applicant will be told.
desk-confirm-refuse = Official refusal of { $ref }, reason: { $reason }? The applicant will be told the reason.
desk-confirm-close = Close { $ref } as advice given, reason: { $reason }? The applicant will be told.
desk-pick-refuse = Reason for refusing { $ref }:
desk-pick-close = Why is there nothing to file ({ $ref })?
desk-done = Done. Changed your mind? Press Undo within { $minutes } min.
desk-undone = Undone; the applicant has been told.
desk-saved = Saved.
desk-ask-reason = Write the reason for the applicant (up to { $max } characters).
desk-ask-note = Write a note; only staff see it (up to { $max } characters).
desk-ask-reg = The application's registration number, if any, or Skip.
desk-bad-reg = The number may hold only letters, digits, spaces and . / - №.
desk-ask-filed-channel = Where was the application filed?
desk-ask-filed-day = When was it filed? Or type a date: DD.MM.YYYY.
desk-today = Today
desk-yesterday = Yesterday
desk-bad-date = I could not read the date. Type it like 01.12.2026, not later than today.
desk-ask-appointment = When? Type a date and time, e.g. 04.12 10:00.
desk-bad-appointment = I could not read that. Type a future date and time, e.g. 04.12 10:00.
desk-ask-place = Where? E.g. room 12, 10 Abay St.
desk-pick-owner = Who should take { $ref }?
desk-assigned = Owner: { $name }. They have been told.
desk-unassigned = The request is in the "needs an owner" queue.
desk-text-too-long = Too long: keep it within { $max } characters.
notify-assigned-title = 👤 <b>A request was assigned to you</b>
notify-needs-owner = 🆘 <b>A request needs an owner</b>: the officer ({ $officer }) has no linked Telegram. Assign someone to contact the applicant.
reminder-response_due = ⏰ <b>{ $ref }</b>: call the applicant today; we promised contact by { $when }.
reminder-response_late = ⚠️ <b>{ $ref }</b>: the promised contact time has passed ({ $when }).
reminder-response_escalation = 🆘 <b>{ $ref }</b>: the applicant was not contacted by { $when }. Owner: { $owner }.
reminder-official_soon = ⏰ <b>{ $ref }</b>: the legal deadline for the result is { $when } (next working day).
reminder-official_due = ⏰ <b>{ $ref }</b>: the legal deadline for the result is today, { $when }.
reminder-official_overdue = ⚠️ <b>{ $ref }</b>: the legal deadline for the result has passed ({ $when }).
reminder-official_escalation = 🆘 <b>{ $ref }</b>: the legal deadline for the result has passed ({ $when }). Owner: { $owner }.
reminder-appointment = 📅 A reminder of your appointment about { $ref }: { $when }, { $place }.
digest-title = ☀️ <b>For today</b>
digest-item-overdue = ⚠️ <b>{ $ref }</b> · { $service } · { $name } — past due since { $when }
digest-item-today = ⏰ <b>{ $ref }</b> · { $service } · { $name } — by { $when }
digest-unowned = 🆘 Without an owner: { $count }
digest-more = …and { $count } more.
staff-home-title = <b>Desk</b>
staff-my-queue = 📋 My queue ({ $count })
staff-overdue = ⚠️ Overdue ({ $count })
staff-unowned = 🆘 Needs an owner ({ $count })
staff-queues = 📋 Officers' queues
staff-covers = 🔁 Cover
staff-citizen-menu = 🏠 Citizens' menu
overdue-title = <b>Overdue requests</b> ({ $count })
overdue-empty = Nothing is overdue. 🎉
unowned-title = <b>Needs an owner</b> ({ $count })
unowned-empty = Every request has an owner. 🎉
cover-pick-officer = Who is away?
cover-pick-substitute = Who stands in for { $name }?
cover-ask-dates = The first and last day of the cover, e.g. 01.12.2026 05.12.2026.
cover-bad-dates = I could not read that. Type two dates DD.MM.YYYY, the second not before the first.
cover-set = 🔁 Cover: { $officer } → { $substitute }, { $from } to { $to }. New requests, reminders and the queue go to the substitute on those days.
cover-title = <b>Cover</b>
cover-line = • { $officer } → { $substitute }: { $from } – { $to }
cover-none = No cover is set.
cover-add = ➕ Set a cover
cover-remove = ✖️ Remove: { $name }
cover-removed = Cover removed: the requests are back with { $name }.
cover-problem-same_officer = An officer cannot stand in for themselves.
cover-problem-unknown_officer = No such officer in the catalog.
cover-problem-bad_range = The dates do not fit: the second is before the first.
cover-problem-in_the_past = Those days are over.
cover-problem-chained = One of them is already in a cover; remove that one first.
notify-cover = 🔁 Cover: { $officer } → { $substitute }, { $from } to { $to }.
notify-cover-removed = 🔁 Cover { $officer } → { $substitute } removed.
unlink-confirm = Unlink { $name } from the bot? Their requests and reminders go to their substitute or the admins.
unlink-undo = ↩️ Link again
unlink-undone = Link restored: { $name }.
unlink-undo-expired = Too late to undo: send a new invite.
cmd-queue = My queue
cmd-desk = Desk
cmd-export = Export for Excel
cmd-stats = Statistics
cmd-sources = A service's data and sources
cmd-invite = Invite an officer
cmd-unlink = Unlink an officer
cmd-cover = Cover
stats-open = Open: { $open } · overdue: { $overdue } · without an owner: { $unowned }
stats-expired = ⌛ Closed by the bot after a long time without activity: { $count }
stats-officer = { $name }: open { $open }, overdue { $overdue }, first contact (median): { $median }
stats-median-hours = { $hours } h
stats-median-none = no data
export-headers = Reference;Service no.;Service;Service officer;Owner;Status;Channel;Created;Contact by;First contact;Filed;Reg. no.;Result due;Closed;Reason
export-headers-personal = Applicant;Phone;Comment
## forms
form-left = You left the form; nothing has been stored.
form-how-to-leave = To leave the form: /cancel or “✖️ Cancel”.
form-chosen = Your answer: { $choice }
form-summary-outdated = This version is out of date: the request was changed after it. The current one is below.
