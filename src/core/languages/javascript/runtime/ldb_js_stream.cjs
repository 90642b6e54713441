// The visits go to the parent while the program runs, not only at its end: a process killed at the
// time limit (stuck where no hook runs), ended by process.abort() or by running out of memory
// keeps the visits it sent. Frames on the result pipe are `TOKEN LENGTH\n` + JSON, as for the
// final result; a visit frame is `{"visits": [...]}` and the parent keeps, per `seq`, the latest
// copy of each visit (resultStream.ts), then the first and last maxVisits/2 as the runtime would.
//
// A visit is sent when it begins (its frame may still change it: `after`, `returned`, `raised`)
// and again once it is settled (the next visit of its call began, or the call ended) if it was
// sent unsettled. Sending costs a JSON encoding and a write: the first WRITE_THROUGH hooks of each
// window of WINDOW_MS send at once, so a program that stops after a few visits loses none; past
// that, visits wait for the next window (a tight loop that then hangs loses at most one window).
// What is sent stops at maxTraceBytes; the final result carries the rest.
'use strict';
const fs = require('node:fs');

/** @typedef {import('./ldb_js_types').Visit} Visit */

/** How long a window of sending is: the most of a fast run's visits that a hard stop can lose. */
const WINDOW_MS = 20;
/** How many sends a window allows before visits wait for the next one (a send is ~5 µs). */
const WRITE_THROUGH = 32;

/**
 * One frame on the result pipe, written whole (a pipe write may be partial).
 * @param {number} fd
 * @param {string} token
 * @param {string} text
 */
function writeFrame(fd, token, text) {
  const frame = `${token} ${Buffer.byteLength(text, 'utf8')}\n${text}`;
  const size = Buffer.byteLength(frame, 'utf8');
  // One write for the whole frame; a pipe may take it in parts.
  let at = fs.writeSync(fd, frame, null, 'utf8');
  if (at < size) {
    const bytes = Buffer.from(frame, 'utf8');
    while (at < size) at += fs.writeSync(fd, bytes, at);
  }
  return size;
}

/**
 * @param {(text: string) => number} send writes one frame, returns its size in bytes
 * @param {number} half the visits kept at each end (maxVisits / 2)
 * @param {number} budget bytes of visit frames to send at most (the rest waits for the result)
 */
function visitStream(send, half, budget) {
  /** @type {Visit[]} visits begun or settled since the last send */
  let pending = [];
  /** @type {WeakSet<Visit>} visits their call may still change */
  const open = new WeakSet();
  /** @type {Set<Visit>} visits sent while open: sent again once settled */
  const provisional = new Set();
  let windowStart = -Infinity;
  let sends = 0;
  let sent = 0;
  let total = 0;
  const kept = (/** @type {Visit} */ v) => v.seq < half || v.seq >= total - half;

  /**
   * The pending visits sampling keeps, each once; pending is emptied. With `markOpen`, a visit
   * still open is also remembered as provisional (sent again, settled, at the end).
   * @param {boolean} markOpen
   * @returns {Visit[]}
   */
  function drain(markOpen) {
    const out = [];
    const seen = new Set();
    for (const v of pending) {
      if (seen.has(v) || !kept(v)) continue;
      seen.add(v);
      out.push(v);
      if (markOpen && open.has(v)) provisional.add(v);
    }
    pending = [];
    return out;
  }

  return {
    /** @param {Visit} visit a visit begins */
    begun(visit) {
      total = visit.seq + 1;
      open.add(visit);
      pending.push(visit);
    },
    /** @param {Visit | null} visit a visit can no longer change */
    settled(visit) {
      if (visit === null || !open.has(visit)) return;
      open.delete(visit);
      if (provisional.delete(visit)) pending.push(visit);
    },
    /** After a hook: send what is pending if this window allows it. */
    maybeSend() {
      if (pending.length === 0 || sent > budget) {
        // Past the budget the final result carries the visits: keep only those it would.
        if (pending.length > 4 * half) pending = pending.filter(kept);
        return;
      }
      // process.uptime: monotonic, and cheaper at start-up than `performance` (perf_hooks).
      const now = process.uptime() * 1000;
      if (now - windowStart >= WINDOW_MS) {
        windowStart = now;
        sends = 0;
      }
      if (sends >= WRITE_THROUGH) return;
      sends++;
      const visits = drain(true);
      if (visits.length > 0) sent += send(JSON.stringify({ visits }));
    },
    /** The visits the final result must carry: every one not yet sent settled. */
    rest() {
      for (const v of provisional) pending.push(v);
      provisional.clear();
      return drain(false);
    },
    /** Visits begun so far (the parent tells kept from dropped by it). */
    count() {
      return total;
    },
  };
}

module.exports = { visitStream, writeFrame };
