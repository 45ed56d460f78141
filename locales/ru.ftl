# Kyzmet Bot — русский. Сообщения отправляются в режиме HTML: переменные экранируются в представлениях.

## Язык
language-prompt = Тілді таңдаңыз · Выберите язык · Choose your language
language-set = Язык: русский.
language-name = Русский

## Главное меню
start-greeting = Здравствуйте, { $name }! Я помощник городского отдела образования. Помогу найти нужную государственную услугу, подскажу, где и за какой срок её оказывают и кому звонить, и приму предварительную заявку.
menu-title = Главное меню. Что вам нужно?
menu-categories = 📚 Услуги по темам
menu-find = 🔎 Найти услугу
menu-guide = 🧭 Какая услуга мне нужна?
menu-officers = ☎️ Контакты специалистов
menu-my = 🗂 Мои заявки
menu-language = 🌐 Язык
menu-help = ❓ Помощь
btn-back = ⬅️ Назад
btn-main-menu = 🏠 Главное меню

## Категории и услуги
categories-title = Выберите тему:
category-title = { $emoji } <b>{ $name }</b>
    Выберите услугу:

## Карточка услуги
card-number = Услуга № { $id }
card-ru-name-note = Русское название этой услуги не удалось сверить с официальным стандартом.
card-channels = <b>Куда обращаться:</b>
channel-portal = Портал eGov (egov.kz, приложение eGov Mobile)
channel-con = ЦОН (ХҚКО, Центр обслуживания населения)
channel-office = Лично в отделе образования
card-time = <b>Срок оказания:</b> { $time }
card-time-per-channel = <b>Срок оказания</b> зависит от способа обращения:
card-time-line = { $channel }: { $time }
time-minutes = { $value ->
    [one] { $value } минута
    [few] { $value } минуты
   *[many] { $value } минут
}
time-working-days = { $value ->
    [one] { $value } рабочий день
    [few] { $value } рабочих дня
   *[many] { $value } рабочих дней
}
time-calendar-days = { $value ->
    [one] { $value } календарный день
    [few] { $value } календарных дня
   *[many] { $value } календарных дней
}
card-officer = <b>Ответственный специалист:</b> { $name }
card-phone = <b>Телефон:</b> { $phone }
card-phone-inferred = (в таблице отдела номер для этой услуги обрезан; он взят из другой строки того же специалиста)
card-time-garbled = (ячейка срока в таблице отдела повреждена; сроки по каналам восстановлены, как показано выше)
card-official-note = Бот не принимает официальные заявления: их подают на eGov, в ЦОН или в отделе.
card-egov = 🌐 Открыть на eGov
card-preapply = 📝 Предварительная заявка

## Специалисты
officers-title = <b>Специалисты отдела образования</b>
officer-entry = <b>{ $name }</b> — { $phone }
officer-services = Услуги: { $services }
officer-note = Примечание: { $note }
officer-contact-button = 📇 { $name }
officer-contact-sent = Контакт специалиста: { $name }

## Помощь и данные
help-text = <b>Как пользоваться ботом</b>
    • /start — главное меню
    • Напишите своими словами, что нужно, например «очередь в садик» или «потерял аттестат», — я найду услугу.
    • /search слова — то же, что написать текст
    • /officers — телефоны специалистов
    • /my — ваши заявки
    • /language — сменить язык
    • /privacy — какие данные хранятся и как их удалить
    • /cancel — выйти из любой формы
    Бот не заменяет официальное заявление: он помогает найти услугу и связаться со специалистом.
privacy-text = <b>Ваши данные</b>
    Что хранится: выбранный язык; и только если вы оставили предварительную заявку и дали согласие — ваше имя, телефон, услуга и комментарий.
    Зачем: чтобы ответственный специалист отдела образования связался с вами по услуге.
    Кто видит: только специалист, отвечающий за эту услугу, и администраторы бота в отделе.
    Как долго: пока заявка не закрыта (если по ней { $idleDays } дней ничего не происходит, бот закрывает её сам и сообщает вам), затем { $days } дней, после чего данные удаляются автоматически.
    Ваши права: вы можете отозвать согласие и удалить все свои данные в любой момент командой /deletedata. Данные хранятся в Казахстане (Закон № 94-V «О персональных данных и их защите»).

## Ссылки и устаревшие кнопки
deeplink-unknown = Такую услугу найти не удалось. Вот главное меню.
stale-button = Это меню изменилось. Вот актуальное.
callback-unknown = Эта кнопка больше не действует.

## Непонятный ввод
unsupported-message = Я понимаю текстовые сообщения. Напишите, что вам нужно, или воспользуйтесь меню.
text-too-long = Сообщение слишком длинное ({ $length } символов). Пожалуйста, уложитесь в { $max } символов.
group-only-private = Я работаю только в личных сообщениях. Напишите мне напрямую: { $link }
error-generic = Извините, у нас что-то пошло не так. Попробуйте ещё раз — ваши данные в сохранности.
service-degraded = Извините, часть сервиса временно недоступна. Меню и карточки услуг работают; попробуйте, пожалуйста, через несколько минут.
rate-limited = Вы отправляете сообщения слишком часто. Подождите несколько секунд.

## Команды (меню Telegram)
cmd-start = Главное меню
cmd-search = Найти услугу
cmd-officers = Контакты специалистов
cmd-my = Мои заявки
cmd-language = Сменить язык
cmd-help = Помощь
cmd-privacy = Ваши данные
cmd-cancel = Выйти из формы

## Поиск
search-prompt = Что вы ищете? Напишите несколько слов на любом языке, например «очередь в садик», «потерял аттестат», «балабақша».
search-nothing = По запросу «{ $query }» ничего не нашлось. Попробуйте другие слова, посмотрите темы или ответьте на пару вопросов.
search-officers = Специалисты:
inline-open-bot = Открыть в боте

## Форма предварительной заявки
form-consent = <b>Предварительная заявка: согласие на обработку персональных данных</b>
    Услуга: { $service }
    Чтобы передать заявку ответственному специалисту, городской отдел образования (оператор) сохранит: ваше имя, телефон, услугу, удобный способ обращения и комментарий.
    Цель: только чтобы специалист связался с вами по этой услуге. Кто видит: ответственный специалист и администраторы бота. Третьим лицам и за рубеж данные не передаются; они хранятся в Казахстане.
    Срок: пока заявка не закрыта, затем { $days } дней. Вы можете отозвать согласие и удалить данные в любой момент командой /deletedata.
    Предварительная заявка — не официальное заявление: его подают на eGov, в ЦОН или в отделе.
    Вы согласны?
form-consent-yes = ✅ Даю согласие
form-consent-no = ✖️ Нет
form-no-consent = Понятно: ничего не сохранено. Вы по-прежнему можете позвонить специалисту или обратиться по каналам из карточки услуги.
form-ask-name = Как зовут заявителя? Напишите имя и фамилию.
form-hint-name = Пожалуйста, напишите имя заявителя текстом.
name-problem-empty = Имя не указано. Напишите, пожалуйста, имя заявителя.
name-problem-too_short = Слишком коротко. Напишите имя и фамилию.
name-problem-too_long = Слишком длинно. Напишите только имя и фамилию.
name-problem-invalid_characters = В имени могут быть только буквы, пробелы, дефисы и апострофы. Напишите ещё раз.
form-ask-phone = Ваш номер телефона: нажмите кнопку ниже, чтобы поделиться им, или напишите его (например, +7 701 123 45 67 или 8 7187 49 02 25).
form-share-phone = 📱 Поделиться номером
form-hint-phone = Поделитесь номером кнопкой ниже или напишите его.
form-phone-not-own = Пожалуйста, поделитесь своим номером (или напишите номер, по которому вам звонить).
form-phone-saved = Телефон: { $phone } ✓
phone-problem-empty = Номер не указан. Напишите, пожалуйста, номер телефона.
phone-problem-invalid_characters = В номере могут быть только цифры, пробелы, +, - и скобки.
phone-problem-too_short = Номер слишком короткий. Напишите его с кодом, например +7 701 123 45 67.
phone-problem-too_long = Номер слишком длинный. Проверьте его, пожалуйста.
phone-problem-missing_area_code = Добавьте код города или оператора, например 8 7187 49 02 25 или +7 701 123 45 67.
phone-problem-foreign_number = Укажите, пожалуйста, казахстанский номер (+7 7…).
phone-problem-russian_number = Похоже на российский номер. Укажите, пожалуйста, казахстанский (+7 7…).
phone-problem-unassigned_range = Такого диапазона номеров в Казахстане нет. Проверьте номер.
form-ask-channel = Как вам удобнее обратиться?
form-ask-comment = Комментарий для специалиста, если есть (до { $max } символов), или нажмите «Пропустить».
form-hint-comment = Напишите комментарий текстом или нажмите «Пропустить».
comment-too-long = Комментарий слишком длинный: уложитесь, пожалуйста, в { $max } символов.
form-skip-button = ⏭ Пропустить
form-cancel-button = ✖️ Отменить
form-use-buttons = Пожалуйста, ответьте кнопками выше.
form-summary-title = <b>Проверьте заявку</b>
form-confirm-button = ✅ Подтвердить
form-edit-button = ✏️ Изменить
form-edit-which = Что изменить?
form-done = ✅ Ваша предварительная заявка <b>{ $ref }</b> зарегистрирована.
    { $promise }
    Это не официальное заявление: специалист подскажет, как его подать.
    Следить за заявкой: /my.
form-store-unavailable = Извините, сохранение временно недоступно. Ничего не потеряно: нажмите «Подтвердить» ещё раз через минуту.
form-cancelled = Форма отменена, ничего не сохранено.
form-too-many-answers = Форма закрыта: в ней слишком много ответов. Ничего не сохранено. Начните заново с карточки услуги или позвоните специалисту.
form-limit-service = У вас уже есть открытые заявки по этой услуге. Дождитесь специалиста или отмените одну в /my.
form-limit-total = У вас слишком много открытых заявок. Дождитесь ответов или отмените часть в /my.
nothing-to-cancel = Сейчас нет формы, которую можно отменить.
form-limit-daily = Сегодня вы уже отправили { $max } предварительных заявок — это предел на сутки. Новую можно будет отправить завтра, а если срочно — позвоните специалисту.

## Поля и статусы
field-service = Услуга
field-name = Имя
field-phone = Телефон
field-channel = Куда обращаться
field-comment = Комментарий
field-status = Статус
field-created = Создана
field-reason = Причина
status-new = 🆕 ждёт звонка специалиста
status-cancelled = ✖️ отменена
status-expired = ⌛ закрыта: долго без движения
status-expired-days = ⌛ закрыта ботом: { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} без движения
notify-citizen-closed-idle = ⌛ Заявка { $ref } («{ $service }») закрыта: по ней { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} ничего не происходило.
    Если услуга ещё нужна, подайте заявку заново или позвоните специалисту — кнопки ниже.
notify-staff-closed-idle = ⌛ Бот закрыл заявку { $ref }: { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} без движения. Заявителю сообщили.

## Мои заявки
my-title = <b>Ваши заявки</b>
my-empty = У вас пока нет заявок. Откройте карточку услуги и нажмите «Предварительная заявка».
my-cancel-button = ✖️ Отменить эту заявку
my-cancel-confirm = Отменить заявку { $ref }?
my-cancelled = Заявка отменена.
confirm-yes = ✅ Да
action-not-possible = Это уже невозможно: заявка изменилась.
delete-data-button = 🗑 Удалить мои данные
delete-data-confirm = Удалить все ваши заявки и данные? Открытые заявки будут отозваны, специалистам сообщат об этом (без ваших данных). Отменить удаление нельзя.
delete-data-yes = 🗑 Да, удалить всё
delete-data-done = Готово: ваши данные удалены (заявок: { $count }).

## Рабочее место специалиста
officers-only = Это для специалистов отдела. Если вы специалист, попросите у администратора ссылку-приглашение.
not-allowed = Вы не можете открыть или изменить эту заявку.
queue-title = <b>{ $officer }: очередь</b> ({ $from }–{ $to } из { $total }, сначала с ближайшим сроком)
queue-empty = { $officer }: открытых заявок нет. 🎉
queue-pick-officer = Чью очередь открыть?
queue-overdue = просрочена
officer-call = 📞 Позвонить
officer-open = 📂 Открыть
notify-new-title = 🆕 <b>Новая предварительная заявка</b>
notify-withdrawn = Заявка { $ref } отозвана заявителем.

## Администрирование
admins-only = Эта команда для администраторов бота.
invite-pick = Кого пригласить?
invite-created = Одноразовое приглашение, действует 72 часа. Специалист: { $name }. Отправьте ссылку только этому специалисту:
    { $link }
invite-unknown = Эта ссылка-приглашение недействительна.
invite-used = Эта ссылка-приглашение уже использована. Попросите у администратора новую.
invite-expired = Срок ссылки-приглашения истёк. Попросите у администратора новую.
invite-linked = Вы зарегистрированы как специалист: <b>{ $name }</b> (услуги: { $services }). Новые заявки будут приходить сюда; рабочее место — /desk, очередь — /queue.
unlink-pick = Кого отвязать?
unlink-done = { $name }: отвязано аккаунтов Telegram: { $count }.
unlinked-notice = Ваша регистрация в боте как специалиста ({ $name }) отменена.
stats-title = <b>Статистика</b>
stats-service = №{ $id }: открыто { $open }, закрыто { $closed }, просрочено { $overdue }
stats-reminders = Напоминаний в очереди: { $pending }; не доставлено окончательно: { $failed }
stats-failure-blocked = • чат { $chat }: бот заблокирован
stats-failure-attempts_exhausted = • чат { $chat }: не доставлено после всех попыток
stats-unlinked = Специалисты, не зарегистрированные в боте: { $names }
export-usage = Формат: /export [с] [по], даты как ГГГГ-ММ-ДД, не больше { $days } дней (по умолчанию — последние 30 дней).
export-caption = Заявок: { $count }

## Напоминания специалистам
reminder-many = ⏰ <b>Заявок, требующих внимания: { $count }</b>
reminder-more = …и ещё { $count } в /queue.
officer-queue-button = 📋 Открыть очередь

## details
details-docs-button = 📄 Документы
details-about-button = ℹ️ Кто может подать / результат
details-back-to-card = ⬅️ К карточке услуги
details-docs-title = 📄 <b>Какие документы нужны</b>
details-about-title = ℹ️ <b>Кто может подать и что вы получите</b>
details-channel-portal = Через портал eGov
details-channel-con = В ЦОН (ХҚКО)
details-channel-office = Лично в отделе образования
details-eligibility = Кто может подать
details-cost = Стоимость
details-result = Что вы получите
details-steps = Как подать
details-refusal = Основания для отказа
details-legalBasis = Правовое основание
details-field-eligibility = кто может подать
details-field-documents = перечень документов
details-field-cost = стоимость
details-field-result = результат
details-field-steps = порядок подачи
details-field-refusal = основания для отказа
details-field-legalBasis = правовое основание
details-partial = Список может быть неполным — уточните у специалиста.
details-unconfirmed = Не подтверждено источником: { $fields }. Уточните у специалиста.
details-none = По этой услуге пока нет подтверждённых сведений. Уточните у специалиста.
details-sources = Источник: { $hosts }, прочитано { $date }.
details-translated = Текст — наш перевод источника.
details-page = Страница { $page } из { $pages }
checklist-title = 📄 <b>Документы для подачи</b> — { $channel }
checklist-none = Перечень документов для этой услуги не подтверждён источником. Уточните его у специалиста до визита.
checklist-note = Это подготовка к подаче: официальное заявление подают на eGov, в ЦОН или в отделе.
checklist-officer = 📄 Гражданину отправлен список документов ({ $channel }):
checklist-officer-none = 📄 Гражданину сообщено, что список документов не подтверждён и его нужно уточнить у вас.
sources-usage = Формат: /sources N — номер услуги от 1 до { $max }.
sources-title = Услуга №{ $id }: флаги данных и источники
sources-stale = прочитано больше 12 месяцев назад — перечитайте источник

## search
search-answer = По запросу «{ $query }» лучше всего подходит первая услуга (совпало: { $reason }):
search-choice = «{ $query }» подходит к нескольким услугам. Выберите свою:
search-read-as = Похоже, текст набран не в той раскладке. Я прочитал его как «{ $text }».
search-referral = <b>{ $topic }</b>: это не услуга отдела образования.
    { $where }
search-smalltalk-greeting = Здравствуйте! Я помогу найти услугу отдела образования. Напишите, что вам нужно, например «очередь в садик».
search-smalltalk-thanks = Пожалуйста! Пишите, если понадобится что-то ещё.
search-smalltalk-bye = До свидания! Понадобится услуга — просто напишите.
search-smalltalk-howAreYou = Спасибо, всё хорошо! Чем могу помочь? Напишите, какая услуга нужна.
search-smalltalk-whoAreYou = Я бот отдела образования: помогаю найти нужную из 24 услуг, узнать сроки и связаться со специалистом.
search-smalltalk-ok = Хорошо! Если нужна услуга, напишите о ней пару слов.

## journey
time-up-to-minutes = { $value ->
    [one] до { $value } минуты
   *[other] до { $value } минут
}
time-up-to-working-days = { $value ->
    [one] до { $value } рабочего дня
   *[other] до { $value } рабочих дней
}
time-up-to-calendar-days = { $value ->
    [one] до { $value } календарного дня
   *[other] до { $value } календарных дней
}
help-officer = <b>Специалистам:</b>
    • /desk — рабочее место
    • /queue — очередь открытых заявок
    • /export — выгрузка заявок в CSV
help-admin = <b>Администраторам:</b>
    • /invite — пригласить специалиста
    • /unlink — отвязать специалиста
    • /cover — замены
    • /stats — статистика
journey-card-address = <b>Адрес:</b> { $address }
journey-card-hours = <b>Часы работы:</b> { $hours }
journey-share = 📤 Поделиться услугой
journey-unknown-command = Я не знаю команды { $command }.
media-not-understood = Голосовые сообщения, фото и файлы я не разбираю. Напишите текстом, что вам нужно, например «очередь в садик», или выберите в меню.
stats-data-notes = Услуги с пометками о качестве данных в таблице отдела (пометки видны только администраторам, в карточке услуги): { $services }

## desk
status-contacted = 📞 специалист связался с вами
status-filed = 📨 заявление подано, идёт рассмотрение
status-result_issued = ✅ результат выдан
status-refused = ⛔ официальный отказ
status-advised = 💬 консультация дана, подавать не нужно
response-promise = Специалист отдела образования свяжется с вами до { $when }.
response-promise-named = { $officer } свяжется с вами до { $when }.
when-uncertain = (примерно: календарь выходных на этот период ещё не утверждён)
field-owner = Ответственный
owner-none = пока не назначен
field-response-due = Связаться до
field-official = Подано
field-official-due = Результат по закону до
field-reg-number = Рег. №
field-appointment = Приём
field-attempts = Не дозвонились
field-notes = Заметки
overdue-mark = ⚠️ срок прошёл
notify-citizen-contact-advised = 📞 По заявке { $ref } специалист дал вам консультацию.
notify-citizen-contact-will_file = 📞 По заявке { $ref } специалист связался с вами. Следующий шаг — подать заявление, как договорились.
notify-citizen-contact-unreachable = 📵 По заявке { $ref } специалист не смог до вас дозвониться. Позвоните, пожалуйста, сами.
notify-citizen-file = 📨 По заявке { $ref } подано официальное заявление. Результат по закону — до { $when }.
notify-citizen-issue = ✅ По заявке { $ref } выдан результат.
notify-citizen-refuse = ⛔ По заявке { $ref } — официальный отказ.
notify-citizen-close = 💬 Заявка { $ref } закрыта: консультация дана, подавать заявление не нужно.
notify-citizen-undo = ↩️ Поправка по заявке { $ref }: предыдущее сообщение отменено. Статус: { $status }.
notify-citizen-appoint = 📅 По заявке { $ref } вас ждут на приём: { $when }, { $place }.
citizen-service-card = 📄 Карточка услуги
citizen-call = ☎️ Позвонить специалисту
reason-advice_enough = консультации достаточно
reason-not_eligible = не подходит по условиям услуги
reason-duplicate = повторная заявка
reason-citizen_declined = заявитель передумал
reason-documents_incomplete = неполный пакет документов
reason-false_data = недостоверные сведения
reason-other = другое
desk-contact-advised = 📞 Дозвонился: консультация
desk-contact-will_file = 📞 Дозвонился: будет подавать
desk-contact-unreachable = 📵 Не дозвонился
desk-file = 📨 Заявление подано
desk-issue = ✅ Результат выдан
desk-refuse = ⛔ Отказ
desk-close = 💬 Закрыть: консультация
desk-appoint = 📅 Назначить приём
desk-note = 📝 Заметка
desk-assign = 👤 Назначить ответственного
desk-undo = ↩️ Отменить последнее действие
desk-unassign = 🆘 Без ответственного
desk-confirm-issue = Отметить, что по заявке { $ref } выдан результат? Заявителю придёт сообщение.
desk-confirm-refuse = Официальный отказ по заявке { $ref }, причина: { $reason }? Заявителю придёт сообщение с причиной.
desk-confirm-close = Закрыть заявку { $ref } как консультацию, причина: { $reason }? Заявителю придёт сообщение.
desk-pick-refuse = Причина отказа по заявке { $ref }:
desk-pick-close = Почему подавать заявление не нужно ({ $ref })?
desk-done = Готово. Передумали — нажмите «Отменить» в течение { $minutes } мин.
desk-undone = Действие отменено, заявитель уведомлён.
desk-saved = Сохранено.
desk-ask-reason = Напишите причину для заявителя (до { $max } символов).
desk-ask-note = Напишите заметку: её видят только сотрудники (до { $max } символов).
desk-ask-reg = Регистрационный номер заявления, если есть, или «Пропустить».
desk-bad-reg = Номер может содержать только буквы, цифры, пробел и знаки . / - №.
desk-ask-filed-channel = Куда подано заявление?
desk-ask-filed-day = Когда подано? Или напишите дату: ДД.ММ.ГГГГ.
desk-today = Сегодня
desk-yesterday = Вчера
desk-bad-date = Не понял дату. Напишите как 01.12.2026, не позже сегодняшнего дня.
desk-ask-appointment = Когда приём? Напишите дату и время, например 04.12 10:00.
desk-bad-appointment = Не понял. Напишите дату и время в будущем, например 04.12 10:00.
desk-ask-place = Где? Например: каб. 12, ул. Абая, 10.
desk-pick-owner = Кому передать заявку { $ref }?
desk-assigned = Ответственный: { $name }. Уведомление отправлено.
desk-unassigned = Заявка в очереди «Нужен ответственный».
desk-text-too-long = Слишком длинно: уложитесь в { $max } символов.
notify-assigned-title = 👤 <b>Вам передана заявка</b>
notify-needs-owner = 🆘 <b>Заявке нужен ответственный</b>: у специалиста ({ $officer }) нет привязанного Telegram. Назначьте, кто свяжется с заявителем.
reminder-response_due = ⏰ <b>{ $ref }</b>: позвоните заявителю сегодня — обещали связаться до { $when }.
reminder-response_late = ⚠️ <b>{ $ref }</b>: обещанный срок связи с заявителем прошёл ({ $when }).
reminder-response_escalation = 🆘 <b>{ $ref }</b>: с заявителем не связались до { $when }. Ответственный: { $owner }.
reminder-official_soon = ⏰ <b>{ $ref }</b>: результат по закону — до { $when } (следующий рабочий день).
reminder-official_due = ⏰ <b>{ $ref }</b>: результат по закону — сегодня, до { $when }.
reminder-official_overdue = ⚠️ <b>{ $ref }</b>: законный срок результата прошёл ({ $when }).
reminder-official_escalation = 🆘 <b>{ $ref }</b>: законный срок результата прошёл ({ $when }). Ответственный: { $owner }.
reminder-appointment = 📅 Напоминаем о приёме по заявке { $ref }: { $when }, { $place }.
digest-title = ☀️ <b>На сегодня</b>
digest-item-overdue = ⚠️ <b>{ $ref }</b> · { $service } · { $name } — срок прошёл { $when }
digest-item-today = ⏰ <b>{ $ref }</b> · { $service } · { $name } — до { $when }
digest-unowned = 🆘 Без ответственного: { $count }
digest-more = …и ещё { $count }.
staff-home-title = <b>Рабочее место</b>
staff-my-queue = 📋 Моя очередь ({ $count })
staff-overdue = ⚠️ Просрочено ({ $count })
staff-unowned = 🆘 Нужен ответственный ({ $count })
staff-queues = 📋 Очереди специалистов
staff-covers = 🔁 Замены
staff-citizen-menu = 🏠 Меню для граждан
overdue-title = <b>Просроченные заявки</b> ({ $count })
overdue-empty = Просроченных заявок нет. 🎉
unowned-title = <b>Нужен ответственный</b> ({ $count })
unowned-empty = Все заявки распределены. 🎉
cover-pick-officer = Кого замещают?
cover-pick-substitute = Кто замещает: { $name }?
cover-ask-dates = Даты замены, первый и последний день: например 01.12.2026 05.12.2026.
cover-bad-dates = Не понял. Напишите две даты ДД.ММ.ГГГГ; вторая не раньше первой.
cover-set = 🔁 Замена: { $officer } → { $substitute }, с { $from } по { $to }. Новые заявки, напоминания и очередь в эти дни — у замещающего.
cover-title = <b>Замены</b>
cover-line = • { $officer } → { $substitute }: { $from } – { $to }
cover-none = Замен нет.
cover-add = ➕ Назначить замену
cover-remove = ✖️ Снять: { $name }
cover-removed = Замена снята: заявки вернулись к { $name }.
cover-problem-same_officer = Специалист не может замещать сам себя.
cover-problem-unknown_officer = Такого специалиста нет в справочнике.
cover-problem-bad_range = Даты не подходят: вторая раньше первой.
cover-problem-in_the_past = Эти даты уже прошли.
cover-problem-chained = Один из них уже в замене; сначала снимите ту замену.
notify-cover = 🔁 Замена: { $officer } → { $substitute }, с { $from } по { $to }.
notify-cover-removed = 🔁 Замена { $officer } → { $substitute } снята.
unlink-confirm = Отвязать { $name } от бота? Заявки и напоминания перейдут к замещающему или администраторам.
unlink-undo = ↩️ Вернуть привязку
unlink-undone = Привязка восстановлена: { $name }.
unlink-undo-expired = Вернуть уже нельзя: отправьте новое приглашение.
cmd-queue = Моя очередь
cmd-desk = Рабочее место
cmd-export = Выгрузка в Excel
cmd-stats = Статистика
cmd-sources = Данные услуги и источники
cmd-invite = Пригласить специалиста
cmd-unlink = Отвязать специалиста
cmd-cover = Замены
stats-open = Открыто: { $open } · просрочено: { $overdue } · без ответственного: { $unowned }
stats-expired = ⌛ Закрыто ботом из-за долгого бездействия: { $count }
stats-officer = { $name }: открыто { $open }, просрочено { $overdue }, первый контакт (медиана): { $median }
stats-median-hours = { $hours } ч
stats-median-none = нет данных
export-headers = Номер;№ услуги;Услуга;Специалист услуги;Ответственный;Статус;Способ;Создана;Связаться до;Первый контакт;Подано;Рег. №;Результат до;Закрыта;Причина
export-headers-personal = Заявитель;Телефон;Комментарий
## forms
form-left = Вы вышли из формы, ничего не сохранено.
form-how-to-leave = Выйти из формы: /cancel или «✖️ Отменить».
form-chosen = Ваш ответ: { $choice }
form-summary-outdated = Эта версия устарела: заявку после неё изменили. Актуальная — ниже.
