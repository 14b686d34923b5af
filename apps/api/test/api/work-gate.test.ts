// The sign-in hashing gate: at most `limit` scrypt runs at once, `queue` more waiting, the rest
// refused at once (the server answers 503), so a flood cannot make a legitimate sign-in wait.
import { describe, expect, it } from "vitest";
import { WorkGate } from "../../src/auth/rate-limit";

describe("WorkGate", () => {
  it("runs at most `limit` at once, queues `queue` more, refuses the rest at once, and passes slots on", async () => {
    const gate = new WorkGate(2, 1);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((ok) => releases.push(ok));
        running--;
        return "done";
      });
    const a = task();
    const b = task();
    const c = task(); // queued
    const d = await task(); // refused at once: two running, one waiting
    expect(d).toBeNull();
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(2);
    releases.shift()?.();
    await expect(a).resolves.toEqual({ value: "done" });
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(2); // the queued task took the freed slot
    releases.splice(0).forEach((r) => r());
    await new Promise((r) => setImmediate(r));
    releases.splice(0).forEach((r) => r());
    await expect(b).resolves.toEqual({ value: "done" });
    await expect(c).resolves.toEqual({ value: "done" });
    expect(most).toBe(2);
    // Free again: a new task runs at once.
    const e = task();
    await new Promise((r) => setImmediate(r));
    releases.splice(0).forEach((r) => r());
    await expect(e).resolves.toEqual({ value: "done" });
  });
});
