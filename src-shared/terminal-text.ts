// Text from a user or a file (run names, tags, notes, error messages) on its way to a
// terminal: escape sequences and control characters removed, so a run named
// "\x1b]0;pwned\x07\x1b[2J" can neither retitle nor clear the terminal. Tabs and
// newlines stay (notes have lines).

/** ESC sequences whole: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (… ST), and two-character ones. */
const ESC_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[ -~]?)/g;
/** Their 8-bit forms: CSI (0x9b) and OSC, DCS, SOS, PM, APC (0x9d, 0x90, 0x98, 0x9e, 0x9f) up to ST (0x9c) or BEL. */
const C1_SEQUENCE = /\x9b[0-?]*[ -/]*[@-~]?|[\x90\x98\x9d\x9e\x9f][^\x07\x9c]*[\x07\x9c]?/g;
/** Every other control character but tab and newline; DEL; bidirectional overrides, which reorder what is shown. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function forTerminal(text: string): string {
  return text.replace(ESC_SEQUENCE, '').replace(C1_SEQUENCE, '').replace(CONTROL, '');
}

/**
 * JSON for a terminal without changing what it says: JSON.stringify escapes C0 controls
 * but writes DEL, C1 and bidi controls raw; these become \u escapes, which parse back
 * to the same string.
 */
export function jsonForTerminal(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(/[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
