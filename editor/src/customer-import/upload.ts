import { ImportReport } from '@boomerang/engine/customer-import-shapes';
import { ErrorAnswer } from '@boomerang/engine/api-shapes';
import { ApiError } from '../api/client.ts';
import { savedToken } from '../api/session.ts';

/**
 * Sends the file to POST /v1/customers/import, reporting upload progress (0..1). XMLHttpRequest,
 * not fetch: the browser streams the File from disk either way, but only XHR reports upload progress
 * (and Chromium streams fetch request bodies over HTTP/2 only).
 */
export function uploadCustomers(
  file: File,
  query: URLSearchParams,
  onProgress: (share: number) => void,
): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/v1/customers/import?${query.toString()}`);
    const token = savedToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'Boomerang cannot be reached. Check that `npm start` is still running, then try again.'));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = undefined;
      }
      if (xhr.status === 200) {
        const report = ImportReport.safeParse(json);
        if (report.success) resolve(report.data);
        else reject(new ApiError(xhr.status, 'The import ran, but its answer could not be read.'));
        return;
      }
      const error = ErrorAnswer.safeParse(json);
      reject(
        new ApiError(
          xhr.status,
          error.success ? error.data.error.message : `The server answered ${xhr.status}.`,
          error.success ? (error.data.error.problems ?? []) : [],
        ),
      );
    };
    xhr.send(file);
  });
}
