// Files go to the server as a multipart stream (POST /upload/<procedure>), not as base64 inside
// JSON: a 200 MB export no longer becomes a 270 MB string in the tab and on the server. The
// answer has tRPC's shape ({ result: { data } } or { error }), so callers read it as they read a
// tRPC mutation. XMLHttpRequest rather than fetch: it reports upload progress.
import type { Outputs } from "./trpc";
import { csrfToken } from "./csrf";

export interface UploadOutputs {
  "ingest.check": Outputs["ingest"]["check"];
  "ingest.load": Outputs["ingest"]["load"];
  "admin.importRegistry": Outputs["admin"]["importRegistry"];
}

/** A refusal from the server, with its (bilingual) message and tRPC error code. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

export function uploadFiles<P extends keyof UploadOutputs>(
  procedure: P,
  files: readonly { name: string; file: Blob }[],
  onProgress?: (sent: number, total: number) => void,
): Promise<UploadOutputs[P]> {
  const form = new FormData();
  for (const f of files) form.append("file", f.file, f.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/upload/${procedure}`);
    xhr.withCredentials = true;
    const token = csrfToken();
    if (token) xhr.setRequestHeader("x-csrf-token", token);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.total);
    xhr.onerror = () => reject(new UploadError("No se pudo enviar la carga / The upload could not be sent", null, 0));
    xhr.onabort = () => reject(new UploadError("Carga cancelada / Upload cancelled", null, 0));
    xhr.onload = () => {
      type Body = { result?: { data: UploadOutputs[P] }; error?: { message: string; data?: { code?: string } } };
      let body: Body | undefined;
      try {
        body = JSON.parse(xhr.responseText) as Body;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body?.result) return resolve(body.result.data);
      reject(
        new UploadError(
          body?.error?.message ?? `Error del servidor (${xhr.status}) / Server error (${xhr.status})`,
          body?.error?.data?.code ?? null,
          xhr.status,
        ),
      );
    };
    xhr.send(form);
  });
}
