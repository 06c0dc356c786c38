// Uploads a file as the raw request body with progress (fetch cannot report upload progress; XMLHttpRequest can).
import { isProblem } from '@argus/sdk';
import { ApiError } from './api';

/** POSTs `file` to `url` (same origin, session cookie) and resolves with the JSON answer; failures throw ApiError. */
export function uploadFile<T>(url: string, file: Blob, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      reject(new ApiError(isProblem(body) ? body : {
        type: 'about:blank', title: 'Upload failed', status: xhr.status, code: 'unexpected', detail: `The server answered ${xhr.status}`, correlationId: '',
      }));
    };
    xhr.onerror = () => reject(new ApiError({ type: 'about:blank', title: 'Upload failed', status: 0, code: 'network', detail: 'The upload was cut off (too large, or the server cannot be reached).', correlationId: '' }));
    xhr.send(file);
  });
}
