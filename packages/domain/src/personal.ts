/**
 * Personal data that may arrive where it does not belong — a teacher's email in a request id, a
 * phone number in a bad CSV cell, a name in an unknown field — is withheld wherever the service
 * repeats what it was given: error messages, the dead-letter queue, logs. Known personal fields
 * are withheld by name; elsewhere values are recognised by their shape: email addresses, UK and
 * international phone numbers, and values that read as a person's name (two or more capitalised
 * words of letters only). A name written like an id ("priya") cannot be told from one.
 */
export const WITHHELD = '[personal data withheld]';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// +44 7700 900123, 07700 900123, (01632) 960001, 020-7946-0018: a leading + or 0 and 9 to 12 more digits.
const PHONE = /(?:\+\d{1,3}[\s-]?|\(?\b0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b/g;
const NAME =
  /^\p{Lu}[\p{Ll}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]*|de|van|von|da|di|le|la|of))*\s+\p{Lu}[\p{L}'’-]+$/u;

/** Two capitalised words in a row, anywhere: a name may be inside. */
const NAME_INSIDE = /\p{Lu}\p{Ll}+\s+\p{Lu}[\p{L}'’-]+/u;

/** Keys whose values are personal wherever they appear (a payload's unknown fields included). */
const PERSONAL_KEY =
  /^(?:name|full_?name|first_?name|last_?name|surname|e-?mail(?:_address)?|phone|mobile|telephone|tel|contact(?:_\w+)?|\w+_(?:name|email|phone|mobile))$/i;

export const isPersonalKey = (key: string): boolean => PERSONAL_KEY.test(key);

/** True if the whole value reads as an email address, a phone number or a person's name. */
export function looksPersonal(value: string): boolean {
  const v = value.trim();
  if (NAME.test(v)) return true;
  return new RegExp(`^(?:${EMAIL.source}|${PHONE.source})$`).test(v);
}

/** The text with any email address or phone number in it replaced. */
export function withholdInText(text: string): string {
  return text.replace(EMAIL, WITHHELD).replace(PHONE, WITHHELD);
}

/**
 * A copy of `value` (a payload) safe to store or show: personal fields' values, and strings that
 * look personal or hold what may be a name, withheld; emails and phone numbers inside other strings
 * replaced. Keys are kept unless they look
 * personal themselves. Depth-limited, cycle-safe.
 */
export function withholdPersonal(value: unknown, depth = 8, seen = new WeakSet<object>()): unknown {
  // No valid payload field holds free text (they are ids, codes, dates and times), so a string with
  // what may be a name in it is withheld whole.
  if (typeof value === 'string')
    return looksPersonal(value) || NAME_INSIDE.test(value) ? WITHHELD : withholdInText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth <= 0 || seen.has(value)) return WITHHELD;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => withholdPersonal(v, depth - 1, seen));
  // An error keeps what makes it useful, its kind, message and stack, without personal data.
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value)) as Error;
    copy.name = value.name;
    copy.message = withholdInText(value.message);
    if (value.stack) copy.stack = withholdInText(value.stack);
    return copy;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const safeKey = looksPersonal(key) ? WITHHELD : withholdInText(key);
    out[safeKey] =
      isPersonalKey(key) && v !== undefined && v !== null ? WITHHELD : withholdPersonal(v, depth - 1, seen);
  }
  return out;
}
