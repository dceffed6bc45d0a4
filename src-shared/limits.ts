// Limits on what a user may write into the history, declared once: the service's edge
// schemas refuse past them and the store checks the same numbers, so whatever the
// schema accepts the store keeps (before, the edge took 50 tags of 100 characters that
// the store then refused).

export const HISTORY_LIMITS = {
  /** A run's name, characters. */
  name: 200,
  /** Tags on one run. */
  tags: 20,
  /** One tag, characters. */
  tag: 40,
  /** A run's notes, characters. */
  notes: 10_000,
  /** Runs in one page of the history list. */
  listPage: 1000,
} as const;
