// What to show of something thrown: an Error's message, else the value as text.
// (Anything can be thrown in JavaScript; a rejected promise may carry a string.)

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
