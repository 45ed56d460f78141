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
time-up-to = up to { $time }
card-officer = <b>Responsible officer:</b> { $name }
card-phone = <b>Phone:</b> { $phone }
card-phone-inferred = (the number is cut short in the department's table for this service; it is taken from another row of the same officer)
card-time-garbled = (the time cell of the department's table is damaged here; read per channel as shown)
card-official-note = The bot does not take official applications: those are made on eGov, at a Public Service Centre or at the office.
card-egov = 🌐 Open on eGov
card-preapply = 📝 Pre-apply
card-share = 🔗 Link to this service: { $link }
preapply-coming-soon = Pre-applications are coming soon. For now, please call the officer or apply through the channels on the card.

## Officers
officers-title = <b>Officers of the education department</b>
officer-entry = <b>{ $name }</b> — { $phone }
officer-services = Services: { $services }
officer-note = Note: { $note }
officer-contact-button = 📇 { $name }
officer-contact-sent = Contact card of { $name }.

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
