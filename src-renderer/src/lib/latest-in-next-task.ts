// A value that changes many times a frame (History's scroll position), applied once, in a task
// of its own posted right away: the work it starts (the rows drawn for that position) then
// runs between two frames, and the next frame only lays out and paints what it built.
//
// Why not in a requestAnimationFrame callback: the DOM changes made there are laid out and
// painted in that same task, so a big scroll (every row drawn anew) made one long task of
// building the rows plus laying them out. Apart, each is shorter, and input can be handled
// between them. The price: after a jump beyond the rows drawn, the blank space shows for one
// frame before the rows do (rows already drawn around the view cover small scrolls).

/** Returns `push`: the latest value pushed is handed to `apply` once, in the next task. */
export function latestInNextTask<T>(apply: (value: T) => void): { push(value: T): void; close(): void } {
  const channel = new MessageChannel();
  let due = false;
  let latest: T;
  channel.port1.onmessage = () => {
    due = false;
    apply(latest);
  };
  return {
    push(value: T) {
      latest = value;
      if (due) return;
      due = true;
      channel.port2.postMessage(null);
    },
    close() {
      due = true;
      channel.port1.close();
    },
  };
}
