// Where uploads are written: one private folder (mode 0700) per upload, under one root folder,
// removed on every path (success, refusal, a too-large or broken file, a client that goes away,
// an exception). A process killed mid-upload cannot clean up after itself, so each folder's name
// starts with the owning process's id and the server sweeps the folders of dead processes at
// start-up (issue 13: 17 folders, 372 MB, identifiers included, left in one afternoon).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const DEFAULT_UPLOAD_ROOT = join(tmpdir(), "refugio-uploads");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class UploadArea {
  constructor(readonly root = DEFAULT_UPLOAD_ROOT) {}

  private ensureRoot(): void {
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    chmodSync(this.root, 0o700);
  }

  /** A fresh private folder for one upload (the caller removes it: prefer `use`). */
  create(): string {
    this.ensureRoot();
    // mkdtemp creates the folder with mode 0700.
    return mkdtempSync(join(this.root, `${process.pid}-`));
  }

  remove(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  /** Run `fn` with a fresh private folder, removed afterwards whatever happens. */
  async use<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = this.create();
    try {
      return await fn(dir);
    } finally {
      this.remove(dir);
    }
  }

  /** Upload folders in the root now (for tests and the start-up sweep). */
  list(): string[] {
    try {
      return readdirSync(this.root).sort();
    } catch {
      return [];
    }
  }

  /** Remove the folders of processes that no longer run; returns how many went. */
  sweep(): number {
    let removed = 0;
    for (const name of this.list()) {
      const pid = Number(/^(\d+)-/.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || alive(pid))) continue;
      rmSync(join(this.root, name), { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }
}
