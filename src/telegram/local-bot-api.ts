/**
 * An in-process Bot API: a `fetch` for grammY's `client.fetch` that answers like Telegram without a
 * network. The terminal chat runs the real bot on it, and tests and benchmarks read every call the bot
 * made. It keeps the messages it was sent, so edits behave as on Telegram ("message is not modified",
 * "message to edit not found"), and it can be told to fail the next calls (429, 403, 5xx, network).
 */
import type { RawApi } from "grammy";
import type { UserFromGetMe } from "grammy/types";

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** What the API answered: the result on success, the error body on failure. */
  response?: unknown;
}

/** A Bot API method's name. */
export type ApiMethod = keyof RawApi;

/**
 * One call of a known method, its payload typed as grammY types that method's parameters (as the bot
 * sent it, after the transformers: parse_mode and the like filled in). Files sent as multipart
 * (sendDocument) are recorded as `{ filename, content }`, not as the InputFile the type names.
 * Inspired by the typed outgoing requests of MoC-OSS/ua-anti-spam-bot's testing layer.
 */
export interface TypedApiCall<M extends ApiMethod> extends ApiCall {
  method: M;
  payload: NonNullable<Parameters<RawApi[M]>[0]> & Record<string, unknown>;
}

export interface StoredMessage {
  chatId: number;
  messageId: number;
  text: string;
  replyMarkup?: unknown;
}

export interface InjectedFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
  /** Fail at the network level (fetch rejects) instead of with a Telegram error. */
  network?: boolean;
}

export const DEFAULT_BOT_INFO: UserFromGetMe = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "Kyzmet",
  username: "kyzmet_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

const MESSAGE_METHODS = new Set(["sendMessage", "sendContact", "sendDocument", "sendPhoto", "sendLocation"]);

/** Reads a multipart/form-data body (sendDocument) into its text fields and file contents. */
async function readMultipart(body: unknown, contentType: string): Promise<Record<string, unknown>> {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary || body == null) return {};
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString("utf8");
  const fields: Record<string, unknown> = {};
  for (const part of text.split(`--${boundary}`)) {
    const name = /name="([^"]+)"/.exec(part)?.[1];
    const split = part.indexOf("\r\n\r\n");
    if (!name || split < 0) continue;
    const value = part.slice(split + 4).replace(/\r\n$/, "");
    const filename = /filename="?([^";\r\n]*)"?/.exec(part)?.[1];
    fields[name] = filename !== undefined ? { filename, content: value } : value;
  }
  for (const [key, value] of Object.entries(fields)) {
    const attached = typeof value === "string" ? /^attach:\/\/(.+)$/.exec(value)?.[1] : undefined;
    if (attached && fields[attached] !== undefined) {
      const file = fields[attached];
      fields[key] = typeof file === "string" ? { filename: attached, content: file } : file;
      delete fields[attached];
      continue;
    }
    if (typeof value === "string" && /^[[{]/.test(value)) {
      try {
        fields[key] = JSON.parse(value);
      } catch {
        // a text field that merely starts with a bracket
      }
    }
  }
  return fields;
}

/**
 * What the in-process fetch answers: the parts of a fetch Response its callers read (grammY's client
 * reads json(), HttpBotApi status and text()), over the JSON text Telegram would send. A real Response
 * sets up a web stream, a body reader and headers for every call; in the in-process benchmark that was
 * the larger part of the harness's cost per call, paid by every bot measured on it.
 */
export class LocalResponse {
  readonly ok: boolean;

  constructor(
    private readonly body: string,
    readonly status = 200,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  /** As Telegram answers: always JSON. */
  get headers(): Headers {
    return new Headers({ "content-type": "application/json" });
  }

  /** A fresh parse of the body on every call, as a Response's own body would give. */
  async json(): Promise<unknown> {
    return JSON.parse(this.body) as unknown;
  }

  async text(): Promise<string> {
    return this.body;
  }
}

export class LocalBotApi {
  readonly calls: ApiCall[] = [];
  private readonly messages = new Map<string, StoredMessage>();
  /** Button presses already answered: Telegram takes one answer per press and refuses the next. */
  private readonly answeredQueries = new Set<string>();
  private readonly failures: { method: string; failure: InjectedFailure }[] = [];
  private nextMessageId = 1;
  /** Called after each call is recorded; the terminal chat prints from here. */
  onCall?: (call: ApiCall, result: unknown) => void;

  constructor(readonly botInfo: UserFromGetMe = DEFAULT_BOT_INFO) {}

  /** Makes the next call of `method` ("*" for any) fail as given. Failures are used in order. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ method, failure });
  }

  /** The calls of one method, in order. */
  callsOf<M extends ApiMethod>(method: M): TypedApiCall<M>[] {
    return this.calls.filter((c): c is TypedApiCall<M> => c.method === method);
  }

  /** Forgets the recorded calls (the messages stay, so old buttons can still be pressed). */
  clearCalls(): void {
    this.calls.length = 0;
  }

  /** A message the bot sent or edited, as it stands now. */
  message(chatId: number, messageId: number): StoredMessage | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** The grammY-compatible fetch. */
  readonly fetch = async (input: unknown, init?: { body?: unknown; headers?: unknown }): Promise<LocalResponse> => {
    const url = String(input);
    const method = url.slice(url.lastIndexOf("/") + 1);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const contentType = headers["content-type"] ?? headers["Content-Type"] ?? "";
    const payload = contentType.startsWith("multipart/form-data")
      ? await readMultipart(init?.body, contentType)
      : typeof init?.body === "string" && init.body
        ? (JSON.parse(init.body) as Record<string, unknown>)
        : {};
    const call: ApiCall = { method, payload };
    this.calls.push(call);
    const failureIndex = this.failures.findIndex((f) => f.method === method || f.method === "*");
    if (failureIndex >= 0) {
      const failure = this.failures.splice(failureIndex, 1)[0]!.failure;
      if (failure.network) throw new TypeError("fetch failed: connect ECONNREFUSED (injected)");
      const body = {
        ok: false,
        error_code: failure.error_code,
        description: failure.description,
        parameters: failure.parameters,
      };
      call.response = body;
      this.onCall?.(call, body);
      return new LocalResponse(JSON.stringify(body), failure.error_code);
    }
    const result = this.answer(method, payload);
    call.response = result instanceof Error ? { ok: false, description: result.message } : result;
    this.onCall?.(call, result);
    if (result instanceof Error) {
      const body = { ok: false, error_code: 400, description: result.message };
      return new LocalResponse(JSON.stringify(body), 400);
    }
    return new LocalResponse(JSON.stringify({ ok: true, result }));
  };

  private answer(method: string, payload: Record<string, unknown>): unknown {
    if (method === "getMe") return this.botInfo;
    const chatId = Number(payload.chat_id);
    if (MESSAGE_METHODS.has(method)) {
      const messageId = this.nextMessageId++;
      const text =
        typeof payload.text === "string" ? payload.text : typeof payload.caption === "string" ? payload.caption : "";
      this.messages.set(`${chatId}:${messageId}`, { chatId, messageId, text, replyMarkup: payload.reply_markup });
      return {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private" },
        from: { id: this.botInfo.id, is_bot: true, first_name: this.botInfo.first_name },
        text,
      };
    }
    if (method === "editMessageText" || method === "editMessageReplyMarkup") {
      const key = `${chatId}:${String(payload.message_id)}`;
      const stored = this.messages.get(key);
      if (!stored) return new Error("Bad Request: message to edit not found");
      const text = method === "editMessageText" ? String(payload.text) : stored.text;
      if (text === stored.text && JSON.stringify(payload.reply_markup) === JSON.stringify(stored.replyMarkup)) {
        return new Error(
          "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        );
      }
      this.messages.set(key, { ...stored, text, replyMarkup: payload.reply_markup });
      return { message_id: stored.messageId, date: 0, chat: { id: chatId, type: "private" }, text };
    }
    if (method === "answerCallbackQuery") {
      const id = String(payload.callback_query_id);
      if (this.answeredQueries.has(id))
        return new Error("Bad Request: query is too old and response timeout expired or query ID is invalid");
      this.answeredQueries.add(id);
      return true;
    }
    if (method === "getUpdates") return [];
    return true;
  }
}
